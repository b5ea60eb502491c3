// The virtual console: output is gathered in a buffer and sent with one
// console_write hypercall per write() (or per 512 bytes of kernel log), not
// a trap per byte; input arrives as virtual interrupt 9 and is read in bulk.
#include "hypercall.h"
#include "../../arch.h"
#include "../../defs.h"

static char out[512];
static int nout;

// Sends the buffered output; called when it is full, before the kernel
// returns from a trap, blocks or shuts down.
void pv_console_flush(void) {
  if (nout > 0)
    hv_call(HV_CONSOLE_WRITE, (uint32)out, nout, 0);
  nout = 0;
}

void arch_console_putc(int c) {
  if (nout == sizeof(out))
    pv_console_flush();
  out[nout++] = c;
}

// Virtual interrupt 9: acknowledge first, then drain, so a byte that
// arrives meanwhile raises the interrupt again.
void pv_console_intr(void) {
  static char in[64];
  __atomic_fetch_and(&hv_shared.pending, ~(1u << HV_VIRQ_CONSOLE), __ATOMIC_SEQ_CST);
  for (;;) {
    struct hvret r = hv_call(HV_CONSOLE_READ, (uint32)in, sizeof(in), 0);
    if (r.a0 < 0 || r.a1 == 0)
      return;
    for (uint32 i = 0; i < r.a1; i++)
      tty_input(in[i]);
  }
}

// The um console is a host descriptor: the host console or con=/dev/ttySn.
// It is put in raw mode (the um kernel's own tty does echo and editing, and
// ^C must reach it as a byte), polled for input when the kernel takes its
// "interrupts" and written in batches: each host write is a system call.
#include "host.h"
#include "../../arch.h"
#include "../../defs.h"

static struct termios saved;
static int raw;
static char outbuf[256];
static int nout;

void um_console_raw(void) {
  if (host_call(HOST_IOCTL, um_con_in, TCGETS, (long)&saved, 0) < 0)
    return;   // not a tty (a pipe): bytes pass as they are
  struct termios t = saved;
  t.c_iflag = 0;
  t.c_oflag &= ~OPOST;
  t.c_lflag &= ~(ICANON | ECHO | ISIG);
  t.c_cc[VMIN] = 0;   // read returns at once when nothing is there: a poll
  raw = host_call(HOST_IOCTL, um_con_in, TCSETS, (long)&t, 0) == 0;
}

void um_console_restore(void) {
  um_console_flush();
  if (raw)
    host_call(HOST_IOCTL, um_con_in, TCSETS, (long)&saved, 0);
  raw = 0;
}

void um_console_flush(void) {
  for (int done = 0; done < nout;) {
    long n = host_call(HOST_WRITE, um_con_out, (long)outbuf + done, nout - done, 0);
    if (n <= 0)
      break;
    done += n;
  }
  nout = 0;
}

void arch_console_putc(int c) {
  if (nout == (int)sizeof(outbuf))
    um_console_flush();
  outbuf[nout++] = c;
}

// Hands every received byte to the tty; returns how many there were.  A
// descriptor that is not a raw tty would block: it is read only when ppoll
// has said it is readable (ready).
int um_console_poll(int ready) {
  char buf[64];
  int total = 0;
  long n;
  if (!raw && !ready)
    return 0;
  while ((n = host_call(HOST_READ, um_con_in, (long)buf, sizeof(buf), 0)) > 0) {
    for (int i = 0; i < n; i++)
      tty_input(buf[i] & 0xff);
    total += n;
    if (!raw)
      break;   // a blocking descriptor: one read at most
  }
  return total;
}

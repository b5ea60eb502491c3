// The console tty: line discipline over the arch console.
// Canonical mode edits a line (echo, erase, kill, ^C, ^D) before read sees it;
// raw mode hands every byte to read at once.
#include "defs.h"
#include "proc.h"
#include "abi.h"

#define TTY_BUF 512
#define EOF_MARK 0x100

static struct {
  uint16 buf[TTY_BUF];   // bytes, or EOF_MARK for ^D
  uint32 r, w, e;        // read, committed (readable) and edit indexes
  struct termios t;
} tty;

int tty_fgpgrp;

void tty_init(void) {
  tty.t.c_iflag = ICRNL;
  tty.t.c_oflag = OPOST | ONLCR;
  tty.t.c_cflag = 0xbf;   // B38400 CS8 CREAD
  tty.t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK;
  tty.t.c_cc[VINTR] = 3;
  tty.t.c_cc[VERASE] = 0x7f;
  tty.t.c_cc[VKILL] = 0x15;
  tty.t.c_cc[VEOF] = 4;
  tty.t.c_cc[VMIN] = 1;
}

// Console output with ONLCR (always on).
static void tty_out(int c) {
  if (c == '\n')
    arch_console_putc('\r');
  arch_console_putc(c);
}

void tty_puts_kernel(const char *s, int n) {
  for (int i = 0; i < n; i++)
    tty_out(s[i]);
}

static void tty_echo(int c) {
  if (!(tty.t.c_lflag & ECHO))
    return;
  if (c < 0x20 && c != '\n' && c != '\t') {
    tty_out('^');
    tty_out(c + '@');
  } else {
    tty_out(c);
  }
}

static void tty_erase_one(void) {
  if (tty.e == tty.w)
    return;
  tty.e--;
  if (tty.t.c_lflag & ECHO)
    tty_puts_kernel("\b \b", 3);
}

static void tty_commit(void) {
  tty.w = tty.e;
  wakeup(&tty);
}

// Handles one received byte; called from the device interrupt.
void tty_input(int c) {
  uint32 lflag = tty.t.c_lflag;
  if (c == '\r' && (tty.t.c_iflag & ICRNL))
    c = '\n';
  if ((lflag & ISIG) && c == tty.t.c_cc[VINTR]) {
    tty_puts_kernel("^C\n", 3);
    tty.e = tty.w;
    proc_signal_pgrp(tty_fgpgrp, SIGINT);
    return;
  }
  if (lflag & ICANON) {
    if (c == tty.t.c_cc[VERASE] || c == '\b') {
      tty_erase_one();
      return;
    }
    if (c == tty.t.c_cc[VKILL]) {
      while (tty.e != tty.w)
        tty_erase_one();
      return;
    }
  }
  if (tty.e - tty.r >= TTY_BUF)
    return;   // full: drop
  int eof = (lflag & ICANON) && c == tty.t.c_cc[VEOF];
  tty.buf[tty.e++ % TTY_BUF] = eof ? EOF_MARK : c;
  if (!eof)
    tty_echo(c);
  if (!(lflag & ICANON) || c == '\n' || eof)
    tty_commit();
}

// Blocks until input is committed.  Canonical reads stop after a newline or
// ^D; ^D on an empty line returns 0 (end of file), as on Linux.
int tty_read(uint32 dst, uint32 n) {
  uint32 got = 0;
  if (!(tty.t.c_lflag & ICANON) && tty.t.c_cc[VMIN] == 0 && tty.r == tty.w)
    return 0;   // raw mode with VMIN 0: a poll (VTIME is not implemented)
  while (tty.r == tty.w) {
    if (proc_signal_pending(curproc))
      return -EINTR;
    sleep(&tty);
  }
  while (got < n && tty.r != tty.w) {
    uint16 c = tty.buf[tty.r % TTY_BUF];
    if (c == EOF_MARK) {
      tty.r++;   // ^D ends this read: 0 bytes (end of file) or the partial line
      break;
    }
    char ch = c;
    if (copyout(curproc, dst + got, &ch, 1) < 0)
      return got ? (int)got : -EFAULT;
    tty.r++;
    got++;
    if (ch == '\n' && (tty.t.c_lflag & ICANON))
      break;
  }
  return got;
}

int tty_write(uint32 src, uint32 n) {
  char tmp[128];
  for (uint32 done = 0; done < n;) {
    uint32 chunk = n - done < sizeof(tmp) ? n - done : sizeof(tmp);
    if (copyin(curproc, tmp, src + done, chunk) < 0)
      return done ? (int)done : -EFAULT;
    tty_puts_kernel(tmp, chunk);
    done += chunk;
  }
  return n;
}

int tty_ioctl(uint32 cmd, uint32 arg) {
  switch (cmd) {
  case TCGETS:
    return copyout(curproc, arg, &tty.t, sizeof(tty.t));
  case TCSETS: case TCSETSW: case TCSETSF: {
    struct termios t;
    if (copyin(curproc, &t, arg, sizeof(t)) < 0)
      return -EFAULT;
    tty.t = t;
    if (!(t.c_lflag & ICANON))
      tty_commit();   // a half-edited line becomes readable
    return 0;
  }
  case TIOCGPGRP:
    return copyout(curproc, arg, &tty_fgpgrp, 4);
  case TIOCSPGRP: {
    int pg;
    if (copyin(curproc, &pg, arg, 4) < 0)
      return -EFAULT;
    if (pg <= 0)
      return -EINVAL;
    tty_fgpgrp = pg;
    return 0;
  }
  case TIOCGWINSZ: {
    struct winsize ws = { 24, 80, 0, 0 };
    return copyout(curproc, arg, &ws, sizeof(ws));
  }
  }
  return -EINVAL;
}

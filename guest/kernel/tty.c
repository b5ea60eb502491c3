// The ttys: line discipline over the arch console (tty 0: /dev/console) and
// the extra serial ports (tty n: /dev/ttySn, serial.c).  Canonical mode edits a
// line (echo, erase, kill, ^C, ^D) before read sees it; raw mode hands every
// byte to read at once.
#include "defs.h"
#include "proc.h"
#include "abi.h"
#include "file.h"
#include "container.h"

#define TTY_BUF 512
#define EOF_MARK 0x100

struct tty {
  uint16 buf[TTY_BUF];   // bytes, or EOF_MARK for ^D
  uint32 r, w, e;        // read, committed (readable) and edit indexes
  struct termios t;
  int fgpgrp;            // foreground process group of a serial port: ^C goes there
};

static struct tty ttys[NTTY];
int tty_fgpgrp;          // the console's (pid 1 sets it when it (re)starts)

static int *tty_fg(int n) {
  return n == 0 ? &tty_fgpgrp : &ttys[n].fgpgrp;
}

static void termios_init(struct termios *t) {
  t->c_iflag = ICRNL;
  t->c_oflag = OPOST | ONLCR;
  t->c_cflag = 0xbf;   // B38400 CS8 CREAD
  t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK;
  t->c_cc[VINTR] = 3;
  t->c_cc[VERASE] = 0x7f;
  t->c_cc[VKILL] = 0x15;
  t->c_cc[VEOF] = 4;
  t->c_cc[VMIN] = 1;
}

void tty_init(void) {
  for (int i = 0; i < NTTY; i++)
    termios_init(&ttys[i].t);
}

// Which tty a device number is: 0 for the console, n for ttySn, -1 for none.
int tty_of_dev(int dev) {
  if (dev == DEV_TTY)
    return 0;
  if (dev > DEV_TTYS0 && dev < DEV_TTYS0 + NTTY)
    return dev - DEV_TTYS0;
  return -1;
}

static void tty_out_raw(int n, int c) {
  if (n == 0)
    arch_console_putc(c);
  else
    serial_putc(n, c);
}

// Output, with ONLCR unless a raw-mode program turned OPOST off (lkvm and
// UML pass their guest's bytes through unchanged).
static void tty_out(int n, int c) {
  uint32 oflag = ttys[n].t.c_oflag;
  if (c == '\n' && (oflag & OPOST) && (oflag & ONLCR))
    tty_out_raw(n, '\r');
  tty_out_raw(n, c);
}

static void tty_puts(int n, const char *s, int len) {
  for (int i = 0; i < len; i++)
    tty_out(n, s[i]);
}

// The kernel's own messages end lines with CR LF whatever the console's mode.
void tty_puts_kernel(const char *s, int n) {
  for (int i = 0; i < n; i++) {
    if (s[i] == '\n')
      tty_out_raw(0, '\r');
    tty_out_raw(0, s[i]);
  }
}

static void tty_echo(int n, int c) {
  if (!(ttys[n].t.c_lflag & ECHO))
    return;
  if (c < 0x20 && c != '\n' && c != '\t') {
    tty_out(n, '^');
    tty_out(n, c + '@');
  } else {
    tty_out(n, c);
  }
}

static void tty_erase_one(int n) {
  struct tty *tty = &ttys[n];
  if (tty->e == tty->w)
    return;
  tty->e--;
  if (tty->t.c_lflag & ECHO)
    tty_puts(n, "\b \b", 3);
}

static void tty_commit(struct tty *tty) {
  tty->w = tty->e;
  wakeup(tty);
  poll_notify();
}

// Handles one byte received on tty n; called from the device interrupt.
void tty_input_on(int n, int c) {
  struct tty *tty = &ttys[n];
  uint32 lflag = tty->t.c_lflag;
  if (c == '\r' && (tty->t.c_iflag & ICRNL))
    c = '\n';
  if ((lflag & ISIG) && c == tty->t.c_cc[VINTR]) {
    tty_puts(n, "^C\n", 3);
    tty->e = tty->w;
    proc_signal_pgrp(*tty_fg(n), SIGINT);
    return;
  }
  if (lflag & ICANON) {
    if (c == tty->t.c_cc[VERASE] || c == '\b') {
      tty_erase_one(n);
      return;
    }
    if (c == tty->t.c_cc[VKILL]) {
      while (tty->e != tty->w)
        tty_erase_one(n);
      return;
    }
  }
  if (tty->e - tty->r >= TTY_BUF)
    return;   // full: drop
  int eof = (lflag & ICANON) && c == tty->t.c_cc[VEOF];
  tty->buf[tty->e++ % TTY_BUF] = eof ? EOF_MARK : c;
  if (!eof)
    tty_echo(n, c);
  if (!(lflag & ICANON) || c == '\n' || eof)
    tty_commit(tty);
}

void tty_input(int c) {
  tty_input_on(0, c);
}

// Can tty n take another byte?  A serial port stops draining its UART when
// not, so the line holds the rest and nothing typed or sent is lost.
int tty_room(int n) {
  return ttys[n].e - ttys[n].r < TTY_BUF;
}

// Would a read of tty n return at once (input committed)?
int tty_readable(int n) {
  return ttys[n].r != ttys[n].w;
}

// Blocks until input is committed.  Canonical reads stop after a newline or
// ^D; ^D on an empty line returns 0 (end of file), as on Linux.
int tty_read(int n, uint32 dst, uint32 len) {
  struct tty *tty = &ttys[n];
  uint32 got = 0;
  if (!(tty->t.c_lflag & ICANON) && tty->t.c_cc[VMIN] == 0 && tty->r == tty->w)
    return 0;   // raw mode with VMIN 0: a poll (VTIME is not implemented)
  while (tty->r == tty->w) {
    if (proc_signal_pending(curproc))
      return -EINTR;
    sleep(tty);
  }
  while (got < len && tty->r != tty->w) {
    uint16 c = tty->buf[tty->r % TTY_BUF];
    if (c == EOF_MARK) {
      tty->r++;   // ^D ends this read: 0 bytes (end of file) or the partial line
      break;
    }
    char ch = c;
    if (copyout(curproc, dst + got, &ch, 1) < 0)
      return got ? (int)got : -EFAULT;
    tty->r++;
    got++;
    if (ch == '\n' && (tty->t.c_lflag & ICANON))
      break;
  }
  if (n > 0)
    serial_resume(n);   // room again for what the port holds back
  return got;
}

int tty_write(int n, uint32 src, uint32 len) {
  char tmp[128];
  for (uint32 done = 0; done < len;) {
    uint32 chunk = len - done < sizeof(tmp) ? len - done : sizeof(tmp);
    if (copyin(curproc, tmp, src + done, chunk) < 0)
      return done ? (int)done : -EFAULT;
    tty_puts(n, tmp, chunk);
    done += chunk;
  }
  return len;
}

int tty_ioctl(int n, uint32 cmd, uint32 arg) {
  struct tty *tty = &ttys[n];
  switch (cmd) {
  case TCGETS:
    return copyout(curproc, arg, &tty->t, sizeof(tty->t));
  case TCSETS: case TCSETSW: case TCSETSF: {
    struct termios t;
    if (copyin(curproc, &t, arg, sizeof(t)) < 0)
      return -EFAULT;
    tty->t = t;
    if (!(t.c_lflag & ICANON))
      tty_commit(tty);   // a half-edited line becomes readable
    return 0;
  }
  case TIOCGPGRP: {
    int pg = ns_pgrp_from_host(curproc, *tty_fg(n));   // a container's numbers
    return copyout(curproc, arg, &pg, 4);
  }
  case TIOCSPGRP: {
    int pg;
    if (copyin(curproc, &pg, arg, 4) < 0)
      return -EFAULT;
    if (pg <= 0)
      return -EINVAL;
    if ((pg = ns_pgrp_to_host(curproc, pg)) == 0)
      return -EPERM;   // not a group of the caller's container
    *tty_fg(n) = pg;
    return 0;
  }
  case TIOCGWINSZ: {
    struct winsize ws = { 24, 80, 0, 0 };
    return copyout(curproc, arg, &ws, sizeof(ws));
  }
  }
  return -EINVAL;
}

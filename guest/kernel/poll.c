// ppoll (ppoll_time64, Linux rv32 number 414): wait until one of several
// descriptors is ready or a timeout passes.  lkvm and UML idle in it.
// Pollers sleep on one channel that ttys, pipes and the tick wake.
#include "defs.h"
#include "proc.h"
#include "file.h"
#include "abi.h"

#define MAXPOLL NOFILE

static int poll_chan;

void poll_notify(void) {
  wakeup(&poll_chan);
}

// What is ready on f now, of POLLIN|POLLOUT plus POLLHUP/POLLERR.  Files
// other than pipes and ttys never block, so they are always ready.
static int file_poll(struct file *f) {
  if (f->type == F_PIPE)
    return pipe_poll(f->pipe, f->writable);
  int ready = f->writable ? POLLOUT : 0;
  if (f->type == F_INODE && f->ip->type == T_DEV && tty_of_dev(f->ip->dev) >= 0)
    return ready | (f->readable && tty_readable(tty_of_dev(f->ip->dev)) ? POLLIN : 0);
  return ready | (f->readable ? POLLIN : 0);
}

// Fills revents; returns how many descriptors have something to report.
static int poll_scan(struct pollfd *fds, int nfds) {
  int count = 0;
  for (int i = 0; i < nfds; i++) {
    struct pollfd *p = &fds[i];
    p->revents = 0;
    if (p->fd < 0)
      continue;
    struct file *f = p->fd < NOFILE ? curproc->ofile[p->fd] : NULL;
    if (f == NULL)
      p->revents = POLLNVAL;
    else
      p->revents = file_poll(f) & (p->events | POLLHUP | POLLERR);
    if (p->revents)
      count++;
  }
  return count;
}

// ppoll(fds, nfds, timeout, sigmask, sigsetsize): a NULL timeout waits
// forever; the signal mask is not supported and is ignored.
long sys_ppoll(void) {
  uint32 ufds = argraw(0), nfds = argraw(1), utmo = argraw(2);
  struct pollfd fds[MAXPOLL];
  if (nfds > MAXPOLL)
    return -EINVAL;
  if (copyin(curproc, fds, ufds, nfds * sizeof(fds[0])) < 0)
    return -EFAULT;
  uint64 until = ~0ULL;
  if (utmo) {
    struct timespec64 ts;
    if (copyin(curproc, &ts, utmo, sizeof(ts)) < 0)
      return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
      return -EINVAL;
    until = arch_time() + (uint64)ts.tv_sec * TIMEBASE + (uint32)ts.tv_nsec / (1000000000 / TIMEBASE);
  }
  int count;
  while ((count = poll_scan(fds, nfds)) == 0 && arch_time() < until) {
    if (proc_signal_pending(curproc))
      return -EINTR;
    sleep(&poll_chan);
  }
  if (copyout(curproc, ufds, fds, nfds * sizeof(fds[0])) < 0)
    return -EFAULT;
  return count;
}

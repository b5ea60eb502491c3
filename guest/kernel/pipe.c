// Pipes: a ring buffer between a read file and a write file.
#include "defs.h"
#include "proc.h"
#include "file.h"
#include "abi.h"

#define PIPE_SIZE 2048

struct pipe {
  char data[PIPE_SIZE];
  uint32 nread, nwrite;   // totals; nwrite - nread bytes are buffered
  int readers, writers;
  int polled;             // a ppoll has asked about it since it last woke the pollers
};

int pipe_alloc(struct file **rf, struct file **wf) {
  struct pipe *pi = kalloc();   // a page holds one pipe
  if (pi == NULL)
    return -ENOMEM;
  *rf = file_alloc();
  *wf = *rf ? file_alloc() : NULL;
  if (*wf == NULL) {
    if (*rf)
      (*rf)->ref = 0;
    kfree(pi);
    return -ENFILE;
  }
  pi->readers = pi->writers = 1;
  pi->polled = 0;
  (*rf)->type = (*wf)->type = F_PIPE;
  (*rf)->pipe = (*wf)->pipe = pi;
  (*rf)->readable = 1;
  (*wf)->writable = 1;
  return 0;
}

// ppoll's question: POLLIN/POLLHUP for the read end, POLLOUT/POLLERR for the write end.
int pipe_poll(struct pipe *pi, int writable) {
  pi->polled = 1;
  if (writable)
    return pi->readers == 0 ? POLLERR : pi->nwrite - pi->nread < PIPE_SIZE ? POLLOUT : 0;
  if (pi->nread != pi->nwrite)
    return POLLIN;
  return pi->writers == 0 ? POLLHUP : 0;
}

// Wakes the pipe's blocked readers and writers, and the ppoll sleepers only if
// one asked about this pipe: they all sleep on one channel, so waking them on
// every write made each pipe round trip switch to every idle poller on the
// system (agentd, lkvm, UML) and back.
static void pipe_wakeup(struct pipe *pi) {
  wakeup(pi);
  if (pi->polled) {
    pi->polled = 0;
    poll_notify();
  }
}

void pipe_close(struct pipe *pi, int writable) {
  if (writable)
    pi->writers--;
  else
    pi->readers--;
  pipe_wakeup(pi);
  if (pi->readers == 0 && pi->writers == 0)
    kfree(pi);
}

// Blocks until data or end of file; returns at most what is buffered.
int pipe_read(struct pipe *pi, uint32 dst, uint32 n) {
  while (pi->nread == pi->nwrite && pi->writers > 0) {
    if (proc_signal_pending(curproc))
      return -EINTR;
    sleep(pi);
  }
  uint32 i;
  for (i = 0; i < n && pi->nread != pi->nwrite; i++) {
    char c = pi->data[pi->nread % PIPE_SIZE];
    if (copyout(curproc, dst + i, &c, 1) < 0)
      return i ? (int)i : -EFAULT;
    pi->nread++;
  }
  pipe_wakeup(pi);   // room for writers, and POLLOUT
  return i;
}

int pipe_write(struct pipe *pi, uint32 src, uint32 n) {
  uint32 i = 0;
  while (i < n) {
    if (pi->readers == 0) {
      proc_signal(curproc, SIGPIPE);
      return i ? (int)i : -EPIPE;
    }
    if (pi->nwrite - pi->nread == PIPE_SIZE) {
      wakeup(pi);
      if (proc_signal_pending(curproc))
        return i ? (int)i : -EINTR;
      sleep(pi);
      continue;
    }
    char c;
    if (copyin(curproc, &c, src + i, 1) < 0)
      return i ? (int)i : -EFAULT;
    pi->data[pi->nwrite++ % PIPE_SIZE] = c;
    i++;
  }
  pipe_wakeup(pi);
  return i;
}

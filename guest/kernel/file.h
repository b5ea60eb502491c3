#ifndef FILE_H
#define FILE_H
#include "types.h"
#include "param.h"

enum itype { T_DIR = 1, T_FILE, T_DEV };
enum devno { DEV_TTY = 1, DEV_NULL, DEV_PRIVCMD, DEV_KVM };
#define DEV_TTYS0 64   // /dev/ttySn is device DEV_TTYS0 + n (n = 1..8), as Linux's 4:(64+n)

// A ramfs node. Directories keep children in a singly linked list.
struct inode {
  int used;
  enum itype type;
  int dev;
  uint32 ino, mode;
  uint32 size;
  int ref;                  // open files
  int unlinked;
  char name[MAXNAME + 1];
  struct inode *parent, *child, *next;
  uint8 **pages;            // one page of page pointers (files up to 4 MiB)
  struct container *ctr;    // made by a container's process: its pages count against its memory
};

enum ftype { F_NONE, F_INODE, F_PIPE, F_PROC, F_PROCDIR, F_KVM };

struct pipe;

struct file {
  enum ftype type;
  int ref;
  int readable, writable, append;
  uint32 off;
  struct inode *ip;         // F_INODE
  struct pipe *pipe;        // F_PIPE
  char *buf;                // F_PROC: generated contents (one page)
  uint32 len;
  int pid;                  // F_PROCDIR: 0 for /proc, else /proc/<pid>
  int procnode;             // F_PROC: which file (for writes to /proc/panic)
  void *kvm;                // F_KVM: a VM or vCPU (kvm.c)
};
#endif

// Fixed limits of the kernel.
#ifndef PARAM_H
#define PARAM_H
#define NPROC      32      // process limit: fork fails with EAGAIN beyond it
#define NOFILE     16      // open files per process
#define NFILE      128     // open files in the system
#define NINODE     512     // ramfs inodes (each container's tree takes about 45)
#define NTTY       9       // the console and the serial ports ttyS1..ttyS8
#define KSTACK_SIZE 8192   // kernel stack per process
#define HZ         100     // scheduler ticks per second
#define TIMEBASE   10000000 // timer ticks per second (assumed, as on QEMU virt)
#define MAXPATH    256
#define MAXNAME    59
#define MAXARG     32      // argv + envp entries for execve
#define ARGBUF     4096    // bytes of argument strings for execve
#define PGSIZE     4096
#define PGSHIFT    12
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))
#define KERNEL_VERSION "0.1"
#endif

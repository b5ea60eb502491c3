// Kernel-wide prototypes, grouped by the file that defines them.
#ifndef DEFS_H
#define DEFS_H
#include <stdarg.h>
#include "types.h"
#include "param.h"
#include "arch.h"
#include "abi.h"

struct proc;
struct file;
struct inode;
struct context;
struct pipe;
struct stat;

// string.c
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);
void *memmove(void *d, const void *s, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);
int strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, int n);
void strlcpy(char *d, const char *s, int n);
int katoi(const char *s, int *out);

// printf.c
int vsnprintf(char *buf, int size, const char *fmt, va_list ap);
int snprintf(char *buf, int size, const char *fmt, ...);
void printf(const char *fmt, ...);
void panic(const char *msg) __attribute__((noreturn));

// dmesg.c
void dmesg_write(const char *s, int n);
int dmesg_stored(void);
void dmesg_copy(char *dst, int off, int n);
int dmesg_size(void);
void dmesg_clear(void);

// fdt.c
#define FDT_MAX_SERIAL 10   // UART0 and ttyS1..ttyS8, and one to spare
struct fdt_info {
  uint32 mem_base, mem_size;
  int ncpus;
  int has_h;                         // the boot hart has the H extension (kvm)
  uint32 initrd_start, initrd_end;   // a boot module in RAM (0, 0 if none)
  int nserial;                       // ns16550a nodes in /soc, UART0 included
  struct { uint32 base, irq; } serial[FDT_MAX_SERIAL];
};
int fdt_parse(uint32 dtb, struct fdt_info *out);

// kalloc.c
void kalloc_init(uint32 start, uint32 end);
void *kalloc(void);
void *kalloc_dirty(void);
void kfree(void *pa);
uint32 kalloc_free_pages(void);
uint32 kalloc_total_pages(void);
void *kalloc_contig(int n, uint32 align);
void kalloc_reserve(uint32 start, uint32 end);
void kalloc_release(void);

// vm.c
void kvm_init(uint32 ram_end);
void kvm_megapage(uint32 va, uint32 pa, uint32 perm);
pte_t *uvm_create(void);
void uvm_free(pte_t *root);
int uvm_map(struct proc *p, uint32 va, uint32 perm);
void uvm_unmap_range(struct proc *p, uint32 from, uint32 to);
int uvm_copy(struct proc *src, struct proc *dst);
int vm_fault(struct proc *p, uint32 va, int write);
int copyout(struct proc *p, uint32 dst, const void *src, uint32 n);
int copyin(struct proc *p, void *dst, uint32 src, uint32 n);
int copyinstr(struct proc *p, char *dst, uint32 src, uint32 max);
uint8 *uvm_page(struct proc *p, uint32 va, int write);

// vm.c (cont.)
pte_t *uvm_walk(pte_t *root, uint32 va, int alloc);
void kvm_switch(void);

// proc.c
extern struct proc *curproc;
extern uint32 stat_ctxt, stat_forks;
struct proc *proc_alloc(int *err);
void proc_free(struct proc *p);
void user_init(void);
void scheduler(void) __attribute__((noreturn));
void yield(void);
void sleep(void *chan);
void wakeup(void *chan);
int proc_fork(void);
void proc_exit(int status) __attribute__((noreturn));
int proc_wait(int pid, uint32 ustatus, int options);
int proc_kill(int pid, int sig);
int proc_signal_pending(struct proc *p);
void proc_deliver_signals(void);
void proc_signal_pgrp(int pgid, int sig);
void proc_signal(struct proc *p, int sig);
struct proc *proc_find(int pid);
int proc_count_state(int state);
void swtch(struct context *old, struct context *new);

// trap.c
extern uint32 trap_counts[16], intr_counts[16];
extern volatile uint32 ticks;
void trap_handler(struct trapframe *tf);
const char *trap_name(uint32 cause);
void timer_start(void);
extern uint64 timer_next;

// syscall.c
extern uint32 stat_syscalls;
void syscall(struct trapframe *tf);
uint32 argraw(int n);

// sysproc.c
long sys_exit(void);
long sys_getpid(void);
long sys_getppid(void);
long sys_clone(void);
long sys_execve(void);
long sys_wait4(void);
long sys_kill(void);
long sys_brk(void);
long sys_nanosleep(void);
long sys_clock_gettime(void);
long sys_sched_yield(void);
long sys_rt_sigaction(void);
long sys_setpgid(void);
long sys_getpgid(void);
long sys_setsid(void);
long sys_uname(void);
long sys_sethostname(void);
long sys_sysinfo(void);
long sys_syslog(void);
long sys_reboot(void);

// sysfile.c
long sys_getcwd(void);
long sys_dup(void);
long sys_dup3(void);
long sys_ioctl(void);
long sys_chdir(void);
long sys_openat(void);
long sys_close(void);
long sys_pipe2(void);
long sys_getdents64(void);
long sys_lseek(void);
long sys_read(void);
long sys_write(void);
long sys_fstat(void);
long sys_newfstatat(void);
long sys_mkdirat(void);
long sys_unlinkat(void);
long sys_ftruncate(void);

// file.c
struct file *file_alloc(void);
struct file *file_dup(struct file *f);
void file_close(struct file *f);
int file_read(struct file *f, uint32 dst, uint32 n);
int file_write(struct file *f, uint32 src, uint32 n);
int file_stat(struct file *f, struct stat *st);
int fd_alloc(struct proc *p, struct file *f, int from);
int file_open(const char *abspath, int flags, uint32 mode, struct file **out);
int path_resolve(struct proc *p, int dirfd, uint32 upath, char *out);
int path_normalize(const char *base, const char *path, char *out);

// pipe.c
int pipe_alloc(struct file **rf, struct file **wf);
int pipe_poll(struct pipe *pi, int writable);
void pipe_close(struct pipe *pi, int writable);
int pipe_read(struct pipe *pi, uint32 dst, uint32 n);
int pipe_write(struct pipe *pi, uint32 src, uint32 n);

// ramfs.c
void ramfs_init(void);
struct inode *ramfs_root(void);
struct inode *ramfs_lookup(const char *abspath);
struct inode *ramfs_create(const char *abspath, int type, uint32 mode, int *err);
int ramfs_unlink(const char *abspath, int rmdir);
int ramfs_remove(const char *abspath);
int ramfs_readi(struct inode *ip, void *dst, uint32 off, uint32 n);
int ramfs_writei(struct inode *ip, const void *src, uint32 off, uint32 n);
int ramfs_truncate(struct inode *ip, uint32 size);
void ramfs_put(struct inode *ip);
struct inode *ramfs_child_at(struct inode *dir, uint32 idx);

// cpio.c
void cpio_unpack(const uint8 *start, const uint8 *end);
void initrd_unpack(void);

// elf.c (exec)
int exec(const char *path, char **argv, int argc, char **envp, int envc);

// tty.c (tty 0 is the console, tty n is /dev/ttySn)
void tty_init(void);
int tty_of_dev(int dev);
void tty_input(int c);
void tty_input_on(int n, int c);
int tty_readable(int n);
int tty_room(int n);
int tty_read(int n, uint32 dst, uint32 len);
int tty_write(int n, uint32 src, uint32 len);
void tty_puts_kernel(const char *s, int n);
int tty_ioctl(int n, uint32 cmd, uint32 arg);
extern int tty_fgpgrp;

// serial.c
void serial_init(void);
int serial_present(int n);
void serial_putc(int n, int c);
int serial_intr(int irq);
void serial_resume(int n);

// poll.c
long sys_ppoll(void);
void poll_notify(void);

// procfs.c
int procfs_open(const char *rest, int flags, struct file *f);
int procfs_getdents(struct file *f, uint32 dst, uint32 n);
int procfs_write(struct file *f, uint32 src, uint32 n);
int procfs_isdir(const char *rest);

// main.c
extern struct fdt_info boot_info;
void make_dev(const char *path, int dev);
extern char hostname[65];
extern char firmware_name[64];
void initramfs_restore(void);

// umhost.c (user-mode kernels' traced children)
long sys_ptrace(void);
void umhost_trap(struct trapframe *tf);
int umhost_tracing(struct proc *p);
void umhost_release(struct proc *p);

// getdents helper (sysfile.c)
int dirent_put(uint32 dst, uint32 room, uint32 ino, uint32 off, int type, const char *name);

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#endif

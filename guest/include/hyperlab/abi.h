/*
 * The user/kernel ABI of the Hyperlab teaching OS.
 *
 * Both sides include this file (-Iguest/include), so a layout changes in
 * one place only.  Numbers follow Linux asm-generic (RISC-V), so user
 * programs also run under qemu-riscv32 user-mode emulation for testing;
 * struct stat is the asm-generic 32-bit layout (Linux rv32 itself only
 * has statx).  Errors are returned as -errno.
 */
#ifndef HYPERLAB_ABI_H
#define HYPERLAB_ABI_H

#include <hyperlab/types.h>

/* ---- system call numbers (a7 = number, a0..a5 = arguments, a0 = result) */
#define SYS_getcwd        17
#define SYS_dup           23
#define SYS_dup3          24
#define SYS_ioctl         29
#define SYS_mkdirat       34
#define SYS_unlinkat      35
#define SYS_ftruncate     46
#define SYS_chdir         49
#define SYS_openat        56
#define SYS_close         57
#define SYS_pipe2         59
#define SYS_getdents64    61
#define SYS_lseek         62
#define SYS_read          63
#define SYS_write         64
#define SYS_newfstatat    79
#define SYS_fstat         80
#define SYS_exit          93
#define SYS_exit_group    94
#define SYS_nanosleep     101
#define SYS_clock_gettime 113
#define SYS_syslog        116
#define SYS_sched_yield   124
#define SYS_kill          129
#define SYS_rt_sigaction  134
#define SYS_reboot        142
#define SYS_setpgid       154
#define SYS_getpgid       155
#define SYS_setsid        157
#define SYS_uname         160
#define SYS_sethostname   161
#define SYS_getpid        172
#define SYS_getppid       173
#define SYS_sysinfo       179
#define SYS_brk           214
#define SYS_clone         220
#define SYS_execve        221
#define SYS_wait4         260
#define SYS_ppoll         414   /* ppoll_time64 */

/* ---- errno values (Linux) */
#define EPERM         1
#define ENOENT        2
#define ESRCH         3
#define EINTR         4
#define EIO           5
#define ENXIO         6
#define E2BIG         7
#define ENOEXEC       8
#define EBADF         9
#define ECHILD        10
#define EAGAIN        11
#define ENOMEM        12
#define EACCES        13
#define EFAULT        14
#define EBUSY         16
#define EEXIST        17
#define EXDEV         18
#define ENODEV        19
#define ENOTDIR       20
#define EISDIR        21
#define EINVAL        22
#define ENFILE        23
#define EMFILE        24
#define ENOTTY        25
#define EFBIG         27
#define ENOSPC        28
#define ESPIPE        29
#define EROFS         30
#define EMLINK        31
#define EPIPE         32
#define EDOM          33
#define ERANGE        34
#define ENAMETOOLONG  36
#define ENOSYS        38
#define ENOTEMPTY     39

/* ---- openat / newfstatat */
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EMPTY_PATH       0x1000
#define O_RDONLY     0
#define O_WRONLY     1
#define O_RDWR       2
#define O_ACCMODE    3
#define O_CREAT      0100
#define O_EXCL       0200
#define O_TRUNC      01000
#define O_APPEND     02000
#define O_NONBLOCK   04000
#define O_DIRECTORY  0200000
#define O_CLOEXEC    02000000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* ---- file mode bits (st_mode) */
#define S_IFMT   0170000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFREG  0100000
#define S_IFLNK  0120000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

/* The asm-generic 32-bit struct stat (80 bytes), the layout the kernel
 * already fills for fstat/newfstatat. */
struct stat {
	u32 st_dev;
	u32 st_ino;
	u32 st_mode;
	u32 st_nlink;
	u32 st_uid;
	u32 st_gid;
	u32 st_rdev;
	u32 __pad1;
	s32 st_size;
	s32 st_blksize;
	s32 __pad2;
	s32 st_blocks;
	s32 st_atime;
	u32 st_atime_nsec;
	s32 st_mtime;
	u32 st_mtime_nsec;
	s32 st_ctime;
	u32 st_ctime_nsec;
	u32 __unused4;
	u32 __unused5;
};

/* ---- getdents64: records are packed back to back, d_reclen apart
 * (a multiple of 8); d_name is NUL-terminated and starts at offset 19. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_REG     8
#define DT_LNK     10

/* ---- time: rv32 "long" is 32 bits */
struct timespec {
	s32 tv_sec;
	s32 tv_nsec;
};
#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1

/* ---- ppoll (ppoll_time64): the 64-bit timespec of rv32's time64 calls */
struct timespec64 {
	s64 tv_sec;
	s64 tv_nsec;
};
struct pollfd {
	s32 fd;
	s16 events;
	s16 revents;
};
#define POLLIN   0x001
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020

/* ---- tty: ioctl requests and struct termios (Linux kernel layout) */
#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413

#define NCCS 19
struct termios {
	u32 c_iflag;
	u32 c_oflag;
	u32 c_cflag;
	u32 c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};
/* c_lflag */
#define ISIG   0x1
#define ICANON 0x2
#define ECHO   0x8
#define ECHOE  0x10
#define ECHOK  0x20
/* c_iflag */
#define ICRNL  0x100
/* c_oflag */
#define OPOST  0x1
#define ONLCR  0x4
/* c_cc indexes */
#define VINTR  0
#define VQUIT  1
#define VERASE 2
#define VKILL  3
#define VEOF   4
#define VTIME  5
#define VMIN   6

struct winsize {
	u16 ws_row;
	u16 ws_col;
	u16 ws_xpixel;
	u16 ws_ypixel;
};

/* ---- /dev/xen/privcmd: dom0's path to the VMM's domain control, as
 * Linux's privcmd driver is Xen's tools' path to hypercalls.  Only a pv
 * kernel has the node (elsewhere open gives ENOENT); in a domain other than
 * dom0 the VMM refuses every request with EPERM.  ioctl(fd,
 * IOCTL_PRIVCMD_DOMCTL, &req) makes the domctl hypercall `op` with `arg`
 * (docs/hypercalls.md) and returns 0 or -errno; `value` receives its result
 * (the number of domains for list, the new id for create).  For list, arg[0]
 * is a user buffer of arg[1] struct privcmd_domain_info (at most
 * PRIVCMD_MAX_DOMAINS); for create, arg[0] points to a struct
 * privcmd_domain_config.  The structs are the hypercall's own. */
#define IOCTL_PRIVCMD_DOMCTL 0x5850
#define PRIVCMD_MAX_DOMAINS  32

#define DOMCTL_LIST       0
#define DOMCTL_CREATE     1
#define DOMCTL_PAUSE      2
#define DOMCTL_UNPAUSE    3
#define DOMCTL_DESTROY    4
#define DOMCTL_SET_WEIGHT 5
#define DOMCTL_SET_CAP    6

struct privcmd_domctl {
	u32 op;
	u32 arg[3];
	u32 value;
};

/* struct hv_domain_info (52 bytes) */
struct privcmd_domain_info {
	u32 domid;
	u32 state;              /* 0 running, 1 paused, 2 shut down, 3 crashed */
	u32 mode;               /* DOMAIN_MODE_NAMES[mode] */
	u32 vcpus;
	u32 mem_kib;
	u32 weight;
	u32 cap;
	u32 flags;              /* DOMINFO_DOM0, DOMINFO_BLOCKED */
	char name[16];          /* NUL-padded */
	u32 cpu_ms;             /* virtual CPU time its vCPUs have run */
};
/* The VMM's modes by number, in order (engine/hypervisor/pv/domctl.ts's
 * DOMCTL_MODES; a test keeps the two equal).  New modes go at the end. */
#define DOMAIN_MODE_NAMES { "full", "pv", "bt", "hw" }
#define DOMAIN_MODE_COUNT 4
#define DOMINFO_DOM0    1
#define DOMINFO_BLOCKED 2      /* running, but every vCPU waits for an interrupt */

/* struct hv_domain_config (296 bytes).  When create is refused, the VMM
 * writes its reason into `reason` (NUL-terminated) and privcmd copies the
 * struct back, so xl can say why in the VMM's words. */
struct privcmd_domain_config {
	char name[16];
	u32 mode, vcpus, mem_mib, weight, cap;   /* mode: DOMAIN_MODE_NAMES */
	u32 image;              /* 0 kernel.elf, 1 kernel-pv.elf */
	char reason[256];
};

/* ---- uname: six NUL-terminated fields of 65 bytes */
#define UTSNAME_LEN 65
struct utsname {
	char sysname[UTSNAME_LEN];
	char nodename[UTSNAME_LEN];
	char release[UTSNAME_LEN];
	char version[UTSNAME_LEN];
	char machine[UTSNAME_LEN];
	char domainname[UTSNAME_LEN];
};

/* ---- signals */
#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1  10
#define SIGSEGV  11
#define SIGUSR2  12
#define SIGPIPE  13
#define SIGALRM  14
#define SIGTERM  15
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define SIGTSTP  20
#define SIGTTIN  21
#define SIGTTOU  22
#define NSIG     32

#define SIG_DFL 0
#define SIG_IGN 1

/* rt_sigaction(sig, act, oldact, sigsetsize = 8): only SIG_DFL and
 * SIG_IGN are supported as handlers.  The mask is the Linux 64-bit
 * sigset, kept as two words so the struct has no 8-byte alignment. */
struct k_sigaction {
	u32 sa_handler;
	u32 sa_flags;
	u32 sa_mask[2];
};
#define SIGSET_SIZE 8

/* ---- clone / wait4 */
#define CLONE_FORK SIGCHLD     /* clone(SIGCHLD, 0, 0, 0, 0) == fork() */
#define WNOHANG 1
/* wait status, Linux encoding: exit code in bits 8..15, or the signal
 * number in bits 0..6 when a signal ended the process. */
#define W_EXITCODE(code, sig) (((code) << 8) | (sig))
#define WIFEXITED(s)   (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s)    ((s) & 0x7f)

/* ---- reboot(magic1, magic2, cmd, arg) */
#define REBOOT_MAGIC1        0xfee1dead
#define REBOOT_MAGIC2        672274793
#define REBOOT_CMD_POWER_OFF 0x4321FEDC
#define REBOOT_CMD_RESTART   0x01234567
#define REBOOT_CMD_HALT      0xCDEF0123

/* ---- syslog(type, buf, len) */
#define SYSLOG_ACTION_READ_ALL    3
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* ---- auxiliary vector entries on the initial stack */
#define AT_NULL   0
#define AT_PAGESZ 6

/* ---- address space: user programs link at USER_BASE; the initial stack
 * (argc, argv..., NULL, envp..., NULL, auxv..., AT_NULL) sits below
 * USER_TOP. */
#define USER_BASE 0x00010000u
#define USER_TOP  0x80000000u
#define PAGE_SIZE 4096

/* ---- clock ticks: TICKS in /proc/<pid>/stat count 1/USER_HZ seconds of
 * CPU time, as Linux's clock_t does. */
#define USER_HZ 100

/* ---- containers, nice, modules (docs/host-os.md, CONTAINERS)
 * setpriority/getpriority(PRIO_PROCESS, who, nice) as Linux; getpriority
 * returns 20 - nice like the raw Linux call.  init_module(name, len, args)
 * loads a built-in kernel module by name (there is no loadable code).
 * hl_container(op, name, arg) is Hyperlab's own call: the host's only way
 * to create, enter, stop, remove and list containers. */
#define SYS_init_module   105
#define SYS_setpriority   140
#define SYS_getpriority   141
#define SYS_hl_container  600
#define PRIO_PROCESS      0

#define CTR_CREATE     0    /* arg: struct ctr_config *  */
#define CTR_ENTER      1    /* arg: 0 = join as a new process, 1 = become its pid 1 */
#define CTR_STOP       2    /* SIGKILL its pid 1, and with it every process */
#define CTR_REMOVE     3    /* a stopped container: record and tree go */
#define CTR_INFO       4    /* name = NULL, arg: struct ctr_info * with index set */
#define CTR_NAME_LEN   16
#define CTR_MAX        8

struct ctr_config {
	char image[128];        /* host directory to copy as its root, "" = default tree */
	char console[32];       /* host path of its console, "" = /dev/console */
	u32 cpu_weight;         /* 1..10000, 0 = 100 (the host's own weight) */
	u32 cpu_quota;          /* percent of the CPU, 0 = no quota */
	u32 mem_mib;            /* 0 = no limit */
	u32 pids;               /* 0 = no limit */
};

#define CTR_STATE_CREATED 0
#define CTR_STATE_RUNNING 1
#define CTR_STATE_STOPPED 2

struct ctr_info {
	u32 index;              /* in: 0, 1, ...; ENOENT past the last */
	char name[CTR_NAME_LEN];
	u32 state;
	u32 pids, pids_limit;
	u32 mem_kib, mem_limit_kib;
	u32 cpu_ticks;          /* 1/USER_HZ s of CPU used by all its processes */
	u32 cpu_weight, cpu_quota;
	u32 init_pid;           /* host pid of its pid 1, 0 when not running */
	char root[128];         /* host path of its root directory */
};

/* ---- /proc text formats the user programs parse:
 *   /proc/<pid>/stat  "PID (COMM) S PPID PGID TICKS PAGES NICE CTR CPID\n", S in R S Z;
 *                     CTR the container's name on the host ("-" for host processes
 *                     and inside a container), CPID its pid inside its container
 *   /proc/meminfo     "MemTotal: N kB\nMemFree: N kB\n..."
 *   /proc/uptime      "SECONDS.HH 0.00\n"
 *   /proc/stat        lines "name value..."
 *   listing /proc     yields one directory per live pid. */

#endif

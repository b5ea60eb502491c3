// The um flavour's "hardware": system calls of the host kernel it runs on
// as an ordinary user process (Linux rv32 numbers, as guest/libc uses them).
#ifndef UM_HOST_H
#define UM_HOST_H
#include "../../types.h"

#define HOST_IOCTL      29
#define HOST_OPENAT     56
#define HOST_READ       63
#define HOST_WRITE      64
#define HOST_EXIT_GROUP 94
#define HOST_KILL       129
#define HOST_BRK        214
#define HOST_EXECVE     221
#define HOST_WAIT4      260
#define HOST_PPOLL      414   // ppoll_time64
#define HOST_AT_FDCWD   (-100)

static inline long host_call(long n, long a0, long a1, long a2, long a3) {
  register long r_a0 asm("a0") = a0;
  register long r_a1 asm("a1") = a1;
  register long r_a2 asm("a2") = a2;
  register long r_a3 asm("a3") = a3;
  register long r_a7 asm("a7") = n;
  asm volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a7) : "memory");
  return r_a0;
}

// ppoll's descriptor and 64-bit timeout (the host's ppoll_time64 layout)
struct host_pollfd {
  int32 fd;
  uint16 events, revents;
};
struct host_timespec64 {
  int64 tv_sec, tv_nsec;
};
#define HOST_POLLIN 1

// boot.c: what the command line chose
extern int um_con_in, um_con_out;       // console descriptors on the host
extern char um_name[65];                // name=, the guest's hostname
extern char **um_argv, **um_envp;       // for a reboot, which execs us again

// console.c
void um_console_raw(void);
void um_console_restore(void);
void um_console_flush(void);
int um_console_poll(int ready);         // received bytes go to tty_input; returns their count

// arch.c
void um_clock_init(void);               // time and instret count from here

// mmu.c
void um_mmu_init(uint16 *owner_table); // one entry per RAM page, zeroed
int um_mmu_current_pid(void);           // host pid of the running address space, or -errno
#endif

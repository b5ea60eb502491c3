/*
 * Reading the kernel's /proc text files (formats in hyperlab/abi.h).
 * Not standard C: ps, top, free and uptime share these.
 */
#ifndef LIBC_PROC_H
#define LIBC_PROC_H

#include <hyperlab/abi.h>

struct proc_stat {
	int pid;
	char comm[32];
	char state;          /* R, S or Z */
	int ppid;
	int pgid;
	u32 ticks;           /* CPU time in 1/USER_HZ s */
	u32 pages;           /* resident pages */
	int nice;
	char ctr[16];        /* container name on the host, else "-" */
	int cpid;            /* pid inside its container */
};

/* Read a whole small file into buf (NUL-terminated); returns its length
 * or -1 with errno. */
int read_file(const char *path, char *buf, int size);

/* Parse /proc/<pid>/stat; returns 0, or -1 with errno. */
int proc_stat_read(int pid, struct proc_stat *ps);

/* Collect the pids listed in /proc into pids[]; returns how many. */
int proc_pids(int *pids, int max);

/* The value of "key:" in /proc/meminfo (kB), or -1 when absent. */
long proc_meminfo(const char *key);

/* /proc/uptime as hundredths of a second, or -1. */
long proc_uptime_centis(void);

#endif

#ifndef LIBC_UNISTD_H
#define LIBC_UNISTD_H

#include <stddef.h>
#include <hyperlab/abi.h>

typedef int pid_t;
typedef int ssize_t;
typedef long off_t;

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* files */
ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int dup(int fd);
int dup2(int old, int new);
int pipe(int fds[2]);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int isatty(int fd);
int ioctl(int fd, unsigned long req, void *arg);

/* processes */
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execvp(const char *file, char *const argv[]);
pid_t getpid(void);
pid_t getppid(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t setsid(void);
int sched_yield(void);
_Noreturn void _exit(int code);

/* memory */
int brk(void *addr);
void *sbrk(long inc);

/* time */
unsigned sleep(unsigned secs);
int usleep(unsigned usecs);

/* system */
int sethostname(const char *name, size_t len);
int reboot(unsigned cmd);
int syslog_read(int type, char *buf, int len);

#endif

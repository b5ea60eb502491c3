/* File-descriptor system calls. */
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <syscall.h>

ssize_t read(int fd, void *buf, size_t n)
{
	return __sysret(__syscall3(SYS_read, fd, buf, n));
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return __sysret(__syscall3(SYS_write, fd, buf, n));
}

/* The mode argument is accepted for compatibility; the RAM file system
 * has no permissions. */
int openat(int dirfd, const char *path, int flags, ...)
{
	return __sysret(__syscall4(SYS_openat, dirfd, path, flags, 0644));
}

int open(const char *path, int flags, ...)
{
	return openat(AT_FDCWD, path, flags);
}

int close(int fd)
{
	return __sysret(__syscall1(SYS_close, fd));
}

off_t lseek(int fd, off_t off, int whence)
{
	return __sysret(__syscall3(SYS_lseek, fd, off, whence));
}

int dup(int fd)
{
	return __sysret(__syscall1(SYS_dup, fd));
}

/* dup3 refuses old == new, which dup2 must accept. */
int dup2(int old, int new)
{
	struct stat st;

	if (old == new)
		return fstat(old, &st) < 0 ? -1 : new;
	return __sysret(__syscall3(SYS_dup3, old, new, 0));
}

int pipe(int fds[2])
{
	return __sysret(__syscall2(SYS_pipe2, fds, 0));
}

int chdir(const char *path)
{
	return __sysret(__syscall1(SYS_chdir, path));
}

/* The syscall returns the length; C wants the buffer. */
char *getcwd(char *buf, size_t size)
{
	return __sysret(__syscall2(SYS_getcwd, buf, size)) < 0 ? 0 : buf;
}

int ioctl(int fd, unsigned long req, void *arg)
{
	return __sysret(__syscall3(SYS_ioctl, fd, req, arg));
}

int isatty(int fd)
{
	struct termios t;

	return tcgetattr(fd, &t) == 0;
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return __sysret(__syscall4(SYS_newfstatat, dirfd, path, st, flags));
}

int stat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int fstat(int fd, struct stat *st)
{
	return __sysret(__syscall2(SYS_fstat, fd, st));
}

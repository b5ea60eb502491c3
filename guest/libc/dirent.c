/* Directory streams: a buffer of getdents64 records, handed out one
 * at a time as struct dirent. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <syscall.h>

DIR *opendir(const char *path)
{
	DIR *d;
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d) {
		close(fd);
		return NULL;
	}
	d->fd = fd;
	return d;
}

/* Returns the next entry or NULL at the end (or on error, with errno). */
struct dirent *readdir(DIR *d)
{
	struct linux_dirent64 *r;

	if (d->pos >= d->len) {
		long n = __sysret(__syscall3(SYS_getdents64, d->fd, d->buf,
					     sizeof(d->buf)));
		if (n <= 0)
			return NULL;
		d->len = (int)n;
		d->pos = 0;
	}
	r = (struct linux_dirent64 *)(d->buf + d->pos);
	d->pos += r->d_reclen;
	d->ent.d_ino = (u32)r->d_ino;
	d->ent.d_type = r->d_type;
	strlcpy(d->ent.d_name, r->d_name, sizeof(d->ent.d_name));
	return &d->ent;
}

int closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}

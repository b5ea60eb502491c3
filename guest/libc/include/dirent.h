/* Directory streams over getdents64. */
#ifndef LIBC_DIRENT_H
#define LIBC_DIRENT_H

#include <hyperlab/abi.h>

struct dirent {
	u32 d_ino;
	u8 d_type;
	char d_name[256];
};

typedef struct DIR {
	int fd;
	int pos;
	int len;
	struct dirent ent;
	char buf[1024] __attribute__((aligned(8)));
} DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);

#endif

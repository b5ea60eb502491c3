/* Parsers for the /proc files the kernel writes. */
#include <proc.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>

int read_file(const char *path, char *buf, int size)
{
	int fd = open(path, O_RDONLY), n = 0;

	if (fd < 0)
		return -1;
	while (n < size - 1) {
		ssize_t r = read(fd, buf + n, (size_t)(size - 1 - n));
		if (r < 0) {
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += r;
	}
	buf[n] = 0;
	close(fd);
	return n;
}

/* Skip spaces, then parse a decimal number; *p moves past it. */
static long next_num(char **p)
{
	return strtol(*p, p, 10);
}

/* Format: "PID (COMM) S PPID PGID TICKS PAGES NICE CTR CPID".  COMM may
 * hold spaces or parentheses, so it ends at the last ')'. */
int proc_stat_read(int pid, struct proc_stat *ps)
{
	char path[32], buf[160], *open_p, *close_p, *p;
	int len;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	open_p = strchr(buf, '(');
	close_p = strrchr(buf, ')');
	if (!open_p || !close_p || close_p < open_p)
		return -1;
	ps->pid = atoi(buf);
	len = (int)(close_p - open_p - 1);
	if (len >= (int)sizeof(ps->comm))
		len = sizeof(ps->comm) - 1;
	memcpy(ps->comm, open_p + 1, (size_t)len);
	ps->comm[len] = 0;
	p = close_p + 1;
	while (isspace(*p))
		p++;
	ps->state = *p ? *p++ : '?';
	ps->ppid = (int)next_num(&p);
	ps->pgid = (int)next_num(&p);
	ps->ticks = (u32)next_num(&p);
	ps->pages = (u32)next_num(&p);
	ps->nice = (int)next_num(&p);
	while (isspace(*p))
		p++;
	for (len = 0; *p && !isspace(*p) && len < (int)sizeof(ps->ctr) - 1; len++)
		ps->ctr[len] = *p++;
	ps->ctr[len] = 0;
	if (len == 0)
		strcpy(ps->ctr, "-");
	ps->cpid = (int)next_num(&p);
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int proc_pids(int *pids, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max)
		if (isdigit(e->d_name[0]))
			pids[n++] = atoi(e->d_name);
	closedir(d);
	qsort(pids, (size_t)n, sizeof(int), cmp_int);
	return n;
}

long proc_meminfo(const char *key)
{
	static char buf[1024];
	size_t klen = strlen(key);
	char *line;

	if (read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	for (line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : 0)
		if (strncmp(line, key, klen) == 0 && line[klen] == ':')
			return strtol(line + klen + 1, 0, 10);
	return -1;
}

long proc_uptime_centis(void)
{
	char buf[64], *p;
	long secs, centis = 0;

	if (read_file("/proc/uptime", buf, sizeof(buf)) < 0)
		return -1;
	secs = strtol(buf, &p, 10);
	if (*p == '.' && isdigit(p[1])) {
		centis = (p[1] - '0') * 10;
		if (isdigit(p[2]))
			centis += p[2] - '0';
	}
	return secs * 100 + centis;
}

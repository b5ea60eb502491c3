/*
 * ls [-l] [PATH...]: list directories (sorted) or name files.
 * Plain output fills columns down, as coreutils does on a terminal;
 * -l prints the type and permissions, the size and the name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static int long_format;
static int status;

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char type_char(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFCHR: return 'c';
	case S_IFIFO: return 'p';
	case S_IFLNK: return 'l';
	default: return '-';
	}
}

/* One -l line; st may be NULL when stat failed. */
static void print_long(const char *name, const struct stat *st)
{
	static const char rwx[] = "rwxrwxrwx";
	char perms[11];
	int i;

	if (!st) {
		printf("?????????? %8s %s\n", "?", name);
		return;
	}
	perms[0] = type_char(st->st_mode);
	for (i = 0; i < 9; i++)
		perms[i + 1] = st->st_mode & (0400u >> i) ? rwx[i] : '-';
	perms[10] = 0;
	printf("%s %8d %s\n", perms, (int)st->st_size, name);
}

static int terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* Names in columns, filled top to bottom. */
static void print_columns(char **names, int n)
{
	int width = 1, cols, rows, r, c, i;

	for (i = 0; i < n; i++)
		if ((int)strlen(names[i]) + 2 > width)
			width = (int)strlen(names[i]) + 2;
	cols = terminal_width() / width;
	if (cols < 1)
		cols = 1;
	rows = (n + cols - 1) / cols;
	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols && (i = c * rows + r) < n; c++) {
			int last = c + 1 == cols || (c + 1) * rows + r >= n;
			printf("%-*s", last ? 0 : width, names[i]);
		}
		putchar('\n');
	}
}

/* Read all names of directory d (except . and ..), sorted. */
static char **read_names(DIR *d, int *count)
{
	char **names = 0;
	int n = 0, cap = 0;
	struct dirent *e;

	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = realloc(names, (size_t)cap * sizeof(char *));
			if (!names)
				break;
		}
		names[n++] = strdup(e->d_name);
	}
	qsort(names, (size_t)n, sizeof(char *), cmp_names);
	*count = names ? n : 0;
	return names;
}

static void list_dir(const char *path, DIR *d)
{
	int n, i;
	char **names = read_names(d, &n);
	struct stat st;

	if (!long_format)
		print_columns(names, n);
	for (i = 0; long_format && i < n; i++)
		print_long(names[i], fstatat(d->fd, names[i], &st, 0) == 0 ? &st : 0);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	(void)path;
}

/* Pass one over the operands: report the missing ones and name the
 * files.  Returns 1 if path is a directory for pass two. */
static int list_file(const char *path, int *printed)
{
	DIR *d = opendir(path);
	struct stat st;

	if (d) {
		closedir(d);
		return 1;
	}
	if (errno != ENOTDIR) {
		fprintf(stderr, "ls: cannot access '%s': %s\n", path, strerror(errno));
		status = 2;
		return 0;
	}
	if (long_format)
		print_long(path, stat(path, &st) == 0 ? &st : 0);
	else
		puts(path);
	*printed = 1;
	return 0;
}

/* Pass two: a directory's entries, under a header when there are
 * several operands, as coreutils does. */
static void list_directory(const char *path, int header, int *printed)
{
	DIR *d = opendir(path);

	if (!d) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", path,
			strerror(errno));
		status = 2;
		return;
	}
	if (header)
		printf("%s%s:\n", *printed ? "\n" : "", path);
	*printed = 1;
	list_dir(path, d);
	closedir(d);
}

int main(int argc, char **argv)
{
	static char is_dir[64];
	int i = 1, first, printed = 0, n;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-l") != 0) {
			fprintf(stderr, "ls: invalid option '%s'\nusage: ls [-l] [PATH...]\n",
				argv[i]);
			return 2;
		}
		long_format = 1;
	}
	if (i == argc) {
		list_directory(".", 0, &printed);
		return status;
	}
	first = i;
	n = argc - first < 64 ? argc - first : 64;
	for (i = 0; i < n; i++)
		is_dir[i] = (char)list_file(argv[first + i], &printed);
	for (i = 0; i < n; i++)
		if (is_dir[i])
			list_directory(argv[first + i], n > 1, &printed);
	return status;
}

/* Builtins: commands that must run inside the shell, plus help. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include "sh.h"

#define MAX_ENV 64

static char *env[MAX_ENV + 1];

/* Copy the inherited environment into our own table. */
void env_init(void)
{
	int i;

	for (i = 0; environ && environ[i] && i < MAX_ENV; i++)
		env[i] = environ[i];
	env[i] = 0;
	environ = env;
}

/* Set NAME=VALUE in the environment passed to children: 0, or -EINVAL for
 * a word that is not an assignment, -ENOMEM when the table is full. */
int env_set(const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	size_t n;
	int i;

	if (!eq || eq == assignment)
		return -EINVAL;
	n = (size_t)(eq - assignment) + 1;
	for (i = 0; env[i]; i++)
		if (strncmp(env[i], assignment, n) == 0)
			break;
	if (i == MAX_ENV)
		return -ENOMEM;
	/* The table is zeroed and only grows, so env[i + 1] ends it. */
	env[i] = strdup(assignment);
	return env[i] ? 0 : -ENOMEM;
}

static int b_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HOME");

	if (!dir)
		dir = "/";
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int b_exit(int argc, char **argv)
{
	int code = argc > 1 ? atoi(argv[1]) : last_status;

	exit(code);
}

static int b_export(int argc, char **argv)
{
	int i, status = 0;

	if (argc == 1)
		for (i = 0; env[i]; i++)
			printf("export %s\n", env[i]);
	for (i = 1; i < argc; i++) {
		int err = env_set(argv[i]);

		if (err == -EINVAL)
			fprintf(stderr, "sh: export: '%s': not NAME=VALUE\n", argv[i]);
		else if (err < 0)
			fprintf(stderr, "sh: export: %s: environment full (%d variables)\n",
				argv[i], MAX_ENV);
		if (err < 0)
			status = 1;
	}
	return status;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print the programs in /bin, sorted, several to a line. */
static void list_programs(void)
{
	static char names[64][32];
	char *sorted[64];
	DIR *d = opendir("/bin");
	struct dirent *e;
	int n = 0, i, width = 8, per_line;

	if (!d) {
		printf("  (cannot read /bin: %s)\n", strerror(errno));
		return;
	}
	while ((e = readdir(d)) && n < 64)
		if (e->d_name[0] != '.') {
			strlcpy(names[n], e->d_name, sizeof(names[n]));
			sorted[n] = names[n];
			n++;
		}
	closedir(d);
	qsort(sorted, (size_t)n, sizeof(char *), cmp_names);
	for (i = 0; i < n; i++)
		if ((int)strlen(sorted[i]) + 2 > width)
			width = (int)strlen(sorted[i]) + 2;
	per_line = 76 / width > 0 ? 76 / width : 1;
	for (i = 0; i < n; i++) {
		int last = i % per_line == per_line - 1 || i + 1 == n;
		printf("%s%-*s%s", i % per_line ? "" : "  ", last ? 0 : width,
		       sorted[i], last ? "\n" : "");
	}
}

static int b_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Builtins: cd [DIR], exit [N], export [NAME=VALUE], help\n");
	printf("Syntax: cmd1 && cmd2, cmd1 || cmd2, cmd1; cmd2, cmd &, a | b,\n");
	printf("        < file, > file, >> file, $? $! $$ $NAME\n");
	printf("Programs in /bin:\n");
	list_programs();
	return 0;
}

struct builtin {
	const char *name;
	builtin_fn fn;
};

static const struct builtin builtins[] = {
	{ "cd", b_cd },
	{ "exit", b_exit },
	{ "export", b_export },
	{ "help", b_help },
};

builtin_fn builtin_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return 0;
}

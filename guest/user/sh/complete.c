/*
 * Tab completion: the first word completes to a builtin or a program in
 * /bin, later words to file names.  One match is inserted whole; several
 * are completed to their common prefix, and listed when that adds
 * nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include "sh.h"

#define MAX_MATCHES 64

struct matches {
	char names[MAX_MATCHES][40];
	int n;
};

static void add(struct matches *m, const char *name, const char *prefix)
{
	size_t len = strlen(prefix);

	if (m->n < MAX_MATCHES && strncmp(name, prefix, len) == 0 &&
	    strlen(name) < sizeof(m->names[0]) && (len || name[0] != '.'))
		strlcpy(m->names[m->n++], name, sizeof(m->names[0]));
}

/* Collect entries of dir starting with prefix; directories get a '/'. */
static void add_dir(struct matches *m, const char *dir, const char *prefix)
{
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		int before = m->n;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		add(m, e->d_name, prefix);
		if (m->n > before && e->d_type == DT_DIR)
			strcat(m->names[m->n - 1], "/");
	}
	closedir(d);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Length of the prefix all matches share. */
static int common_length(const struct matches *m)
{
	int len = (int)strlen(m->names[0]), i, k;

	for (i = 1; i < m->n; i++) {
		for (k = 0; k < len && m->names[i][k] == m->names[0][k]; k++)
			;
		len = k;
	}
	return len;
}

/* Gather candidates for word; returns the part of word that the
 * candidates complete (the text after the last '/'). */
static const char *collect(struct matches *m, const char *word, int first)
{
	static const char *const builtins[] = { "cd", "exit", "export", "help" };
	const char *base = strrchr(word, '/');
	char dir[LINE_MAX];
	int i;

	m->n = 0;
	if (first && !base) {
		for (i = 0; i < 4; i++)
			add(m, builtins[i], word);
		add_dir(m, "/bin", word);
		return word;
	}
	base = base ? base + 1 : word;
	strlcpy(dir, word, (size_t)(base - word + 1));
	add_dir(m, dir, base);
	return base;
}

/* Complete word (the text before the cursor, from its start); first
 * tells whether it is the command name.  Puts the text to insert in
 * add_text.  When the matches share nothing more, lists them and
 * returns 1 so the caller redraws its line. */
int complete_word(const char *word, int first, char *add_text, int size)
{
	static struct matches m;
	int i, common, wlen;

	add_text[0] = 0;
	word = collect(&m, word, first);
	if (m.n == 0)
		return 0;
	wlen = (int)strlen(word);
	common = common_length(&m);
	if (common > wlen) {
		strlcpy(add_text, m.names[0] + wlen,
			(size_t)(common - wlen + 1 < size ? common - wlen + 1 : size));
		/* A unique file or command is finished: add the space. */
		if (m.n == 1 && m.names[0][common - 1] != '/' &&
		    common - wlen + 1 < size) {
			add_text[common - wlen] = ' ';
			add_text[common - wlen + 1] = 0;
		}
		return 0;
	}
	if (m.n == 1)
		return 0;
	qsort(m.names, (size_t)m.n, sizeof(m.names[0]), cmp_names);
	printf("\n");
	for (i = 0; i < m.n; i++)
		printf("%s%s", m.names[i], i + 1 < m.n ? "  " : "\n");
	fflush(stdout);
	return 1;
}

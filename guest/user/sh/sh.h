/*
 * The shell: line input (line.c), tokens with expansion (lex.c),
 * command lists and pipelines (run.c), background jobs and the terminal
 * (jobs.c), builtins (builtin.c), startup and the main loop (main.c).
 */
#ifndef SH_H
#define SH_H

#include <unistd.h>

#define LINE_MAX  512
#define MAX_ARGS  32
#define MAX_CMDS  8
#define POOL_SIZE 2048

/* ---- lex.c */
enum tok_type {
	T_END, T_WORD, T_SEMI, T_AMP, T_AND, T_OR, T_PIPE, T_IN, T_OUT, T_APPEND
};

struct lexer {
	const char *p;           /* next unread character */
	int expand;              /* substitute $? $$ $NAME into words */
	char pool[POOL_SIZE];    /* storage for the words of one pipeline */
	int used;
};

struct token {
	enum tok_type type;
	char *word;              /* for T_WORD, in the lexer's pool */
};

/* Read the next token; returns 0, or -1 for an unterminated quote or a
 * full pool (with a message printed). */
int lex_next(struct lexer *lx, struct token *t);
const char *tok_text(enum tok_type t);

/* ---- run.c */
struct cmd {
	char *argv[MAX_ARGS + 1];
	int argc;
	char *in, *out;          /* redirections, NULL when absent */
	int append;
};

struct pipeline {
	struct cmd cmds[MAX_CMDS];
	int ncmds;
	int background;
};

extern int last_status;
extern pid_t last_background;

/* Parse and run one input line. */
void run_line(const char *line);

/* ---- jobs.c */
extern int job_control;        /* stdin is a tty we may hand to jobs */

void jobs_init(void);
/* Give the terminal to pgid (a job, or the shell itself). */
void terminal_give(pid_t pgid);
void terminal_take_back(void);
/* Remember a background job by the pid we report for it. */
void job_add(pid_t pid);
/* Reap finished children without blocking; report finished jobs. */
void jobs_reap(void);
/* Wait for a foreground child; returns its shell status (128+sig when
 * a signal ended it). */
int wait_status(pid_t pid);

/* ---- builtin.c */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);
/* Set NAME=VALUE in the environment passed to children. */
int env_set(const char *assignment);
void env_init(void);

/* ---- complete.c */
int complete_word(const char *word, int first, char *add_text, int size);

/* ---- line.c */
/* Read a line after printing prompt; returns its length without the
 * newline, or -1 at end of input. */
int line_read(const char *prompt, char *buf, int size);
void line_init(void);

#endif

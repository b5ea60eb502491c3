/*
 * Running a line: a list of pipelines joined by ; & && ||.  Each
 * pipeline is parsed just before it runs, so expansions see the status
 * of the previous one; a syntax check over the whole line comes first so
 * a typo late in the line does not leave it half run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include "sh.h"

int last_status;
pid_t last_background;

static int syntax_error(enum tok_type t)
{
	fprintf(stderr, "sh: syntax error near unexpected token `%s'\n", tok_text(t));
	last_status = 2;
	return -1;
}

/* Add one token to command c; returns -1 on a syntax error. */
static int add_to_cmd(struct lexer *lx, struct cmd *c, struct token *t)
{
	struct token file;

	if (t->type == T_WORD) {
		if (c->argc == MAX_ARGS) {
			fprintf(stderr, "sh: too many arguments\n");
			return -1;
		}
		c->argv[c->argc++] = t->word;
		return 0;
	}
	if (lex_next(lx, &file) < 0)
		return -1;
	if (file.type != T_WORD)
		return syntax_error(file.type);
	if (t->type == T_IN)
		c->in = file.word;
	else
		c->out = file.word;
	c->append = t->type == T_APPEND;
	return 0;
}

/* Parse one pipeline; *term gets the token that ended it.  Returns 0,
 * 1 for an empty pipeline at the end of the line, -1 on error. */
static int parse_pipeline(struct lexer *lx, struct pipeline *p, enum tok_type *term)
{
	struct token t;
	struct cmd *c;

	memset(p, 0, sizeof(*p));
	lx->used = 0;
	p->ncmds = 1;
	c = &p->cmds[0];
	for (;;) {
		if (lex_next(lx, &t) < 0)
			return -1;
		if (t.type == T_WORD || t.type == T_IN || t.type == T_OUT ||
		    t.type == T_APPEND) {
			if (add_to_cmd(lx, c, &t) < 0)
				return -1;
			continue;
		}
		if (c->argc == 0)
			return t.type == T_END && p->ncmds == 1 ? 1 : syntax_error(t.type);
		if (t.type != T_PIPE)
			break;
		if (p->ncmds == MAX_CMDS) {
			fprintf(stderr, "sh: pipeline too long\n");
			return -1;
		}
		c = &p->cmds[p->ncmds++];
	}
	*term = t.type;
	p->background = t.type == T_AMP;
	return 0;
}

/* Point fd at file, or print why not; returns 0 or -1. */
static int redirect(const char *file, int flags, int fd)
{
	int f = open(file, flags, 0644);

	if (f < 0) {
		fprintf(stderr, "sh: %s: %s\n", file, strerror(errno));
		return -1;
	}
	if (f != fd) {
		dup2(f, fd);
		close(f);
	}
	return 0;
}

/* In the child: join the job's group, take the terminal if foreground,
 * restore default signals, wire up fds, then exec (or run a builtin). */
static _Noreturn void child(struct cmd *c, pid_t pgid, int fg, int in, int out)
{
	builtin_fn b;
	int err;

	setpgid(0, pgid);
	if (fg && job_control)
		terminal_give(pgid ? pgid : getpid());
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	if (in != STDIN_FILENO) {
		dup2(in, STDIN_FILENO);
		close(in);
	}
	if (out != STDOUT_FILENO) {
		dup2(out, STDOUT_FILENO);
		close(out);
	}
	if (c->in && redirect(c->in, O_RDONLY, STDIN_FILENO) < 0)
		_exit(1);
	if (c->out && redirect(c->out, O_WRONLY | O_CREAT |
			       (c->append ? O_APPEND : O_TRUNC), STDOUT_FILENO) < 0)
		_exit(1);
	b = builtin_find(c->argv[0]);
	if (b)
		exit(b(c->argc, c->argv));
	execvp(c->argv[0], c->argv);
	err = errno;
	if (err == ENOENT)
		fprintf(stderr, "sh: %s: not found\n", c->argv[0]);
	else
		fprintf(stderr, "sh: %s: %s\n", c->argv[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

/* Start every command of p in one process group; returns the pids'
 * count (pids[] filled), or -1 if a fork or pipe failed. */
static int start_pipeline(struct pipeline *p, pid_t *pids, pid_t *pgid)
{
	int i, in = STDIN_FILENO, fds[2];

	*pgid = 0;
	for (i = 0; i < p->ncmds; i++) {
		int out = STDOUT_FILENO;
		if (i + 1 < p->ncmds) {
			if (pipe(fds) < 0) {
				fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
				break;
			}
			out = fds[1];
		}
		pids[i] = fork();
		if (pids[i] == 0) {
			if (out != STDOUT_FILENO)
				close(fds[0]);
			child(&p->cmds[i], *pgid, !p->background, in, out);
		}
		if (in != STDIN_FILENO)
			close(in);
		if (out != STDOUT_FILENO)
			close(out);
		in = out != STDOUT_FILENO ? fds[0] : STDIN_FILENO;
		if (pids[i] < 0) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			break;
		}
		if (*pgid == 0)
			*pgid = pids[i];
		/* Also from the parent, so the group exists before we wait. */
		setpgid(pids[i], *pgid);
	}
	if (in != STDIN_FILENO)
		close(in);
	return i;
}

/* Run a pipeline; returns its status (that of the last command). */
static int run_pipeline(struct pipeline *p)
{
	pid_t pids[MAX_CMDS], pgid;
	builtin_fn b = builtin_find(p->cmds[0].argv[0]);
	int n, i, status = 0;

	/* Builtins like cd must change the shell itself. */
	if (b && p->ncmds == 1 && !p->background && !p->cmds[0].in &&
	    !p->cmds[0].out)
		return b(p->cmds[0].argc, p->cmds[0].argv);
	n = start_pipeline(p, pids, &pgid);
	if (p->background) {
		if (n > 0) {
			job_add(pids[n - 1]);
			last_background = pids[n - 1];
			printf("[%d]\n", pids[n - 1]);
		}
		return n == p->ncmds ? 0 : 1;
	}
	if (job_control && n > 0)
		terminal_give(pgid);
	for (i = 0; i < n; i++)
		status = wait_status(pids[i]);
	if (job_control)
		terminal_take_back();
	return n == p->ncmds ? status : 1;
}

/* Parse the whole line without running or expanding anything. */
static int check_syntax(const char *line)
{
	static struct lexer lx;
	struct pipeline p;
	enum tok_type term = T_SEMI;
	int r;

	lx.p = line;
	lx.expand = 0;
	while ((r = parse_pipeline(&lx, &p, &term)) == 0 && term != T_END)
		;
	return r < 0 ? -1 : 0;
}

void run_line(const char *line)
{
	static struct lexer lx;
	static struct pipeline p;
	enum tok_type prev = T_SEMI, term = T_END;

	if (check_syntax(line) < 0)
		return;
	lx.p = line;
	lx.expand = 1;
	while (parse_pipeline(&lx, &p, &term) == 0) {
		int skip = (prev == T_AND && last_status != 0) ||
			   (prev == T_OR && last_status == 0);
		if (!skip)
			last_status = run_pipeline(&p);
		if (term == T_END)
			break;
		prev = term;
	}
	fflush(stdout);
}

/*
 * Line input.  On a terminal that accepts TCSETS the shell edits the
 * line itself in raw mode: backspace, left/right, Home/End, Delete,
 * Ctrl-A/E/U/L, up/down through the history, Tab to complete, Ctrl-C
 * to drop the line.
 * Otherwise (no tty, or the tty keeps canonical mode) it reads whole
 * lines and leaves echo and backspace to the kernel's tty.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <termios.h>
#include "sh.h"

#define HISTORY 32

static struct termios cooked;
static int can_edit;
static char history[HISTORY][LINE_MAX];
static int hist_len;     /* entries stored, at most HISTORY */
static int hist_next;    /* slot the next entry goes to */

struct edit {
	const char *prompt;
	char *buf;
	int size, len, pos;
	int browse;          /* how far back in history, 0 = the new line */
	char saved[LINE_MAX];
};

/* Decide once whether raw-mode editing works on this terminal: TCSETS
 * must succeed and stick, or we would echo what the tty also echoes. */
void line_init(void)
{
	struct termios raw, check;

	if (tcgetattr(STDIN_FILENO, &cooked) < 0)
		return;
	raw = cooked;
	raw.c_lflag &= ~(u32)(ICANON | ECHO | ISIG);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 &&
	    tcgetattr(STDIN_FILENO, &check) == 0 &&
	    !(check.c_lflag & (ICANON | ECHO)))
		can_edit = 1;
	tcsetattr(STDIN_FILENO, TCSANOW, &cooked);
}

static void out(const char *s, int n)
{
	write(STDOUT_FILENO, s, (size_t)n);
}

/* Redraw prompt and line, then put the cursor at pos; one write. */
static void refresh(struct edit *e)
{
	char b[LINE_MAX + 96];
	int n = snprintf(b, sizeof(b), "\r%s%.*s\x1b[K", e->prompt, e->len, e->buf);

	if (e->len > e->pos)
		n += snprintf(b + n, sizeof(b) - (size_t)n, "\x1b[%dD", e->len - e->pos);
	out(b, n);
}

static void insert(struct edit *e, char c)
{
	if (e->len >= e->size - 1)
		return;
	memmove(e->buf + e->pos + 1, e->buf + e->pos, (size_t)(e->len - e->pos));
	e->buf[e->pos++] = c;
	e->len++;
	if (e->pos == e->len)
		out(&c, 1);     /* typing at the end: just echo */
	else
		refresh(e);
}

/* Delete the character at index i (the cursor moves to it). */
static void delete_at(struct edit *e, int i)
{
	int at_end = i == e->len - 1 && e->pos == e->len;

	if (i < 0 || i >= e->len)
		return;
	memmove(e->buf + i, e->buf + i + 1, (size_t)(e->len - i - 1));
	e->len--;
	e->pos = i;
	if (at_end)
		out("\b \b", 3);   /* backspace at the end: no redraw */
	else
		refresh(e);
}

static void history_add(const char *line)
{
	int last = (hist_next + HISTORY - 1) % HISTORY;

	if (!*line || (hist_len && strcmp(history[last], line) == 0))
		return;
	strlcpy(history[hist_next], line, LINE_MAX);
	hist_next = (hist_next + 1) % HISTORY;
	if (hist_len < HISTORY)
		hist_len++;
}

/* Move through history: dir -1 is older, +1 newer. */
static void history_move(struct edit *e, int dir)
{
	int b = e->browse - dir;

	if (b < 0 || b > hist_len)
		return;
	if (e->browse == 0) {
		memcpy(e->saved, e->buf, (size_t)e->len);
		e->saved[e->len] = 0;
	}
	e->browse = b;
	strlcpy(e->buf, b ? history[(hist_next + HISTORY - b) % HISTORY] : e->saved,
		(size_t)e->size);
	e->len = e->pos = (int)strlen(e->buf);
	refresh(e);
}

/* One byte of input, or -1 at end of input.  A signal interrupting the
 * read is not the end: retry, or a child's exit could end the shell. */
static int read_byte(void)
{
	char c;
	ssize_t r;

	while ((r = read(STDIN_FILENO, &c, 1)) < 0 && errno == EINTR)
		;
	return r == 1 ? (unsigned char)c : -1;
}

/* After ESC: arrows and Home/End/Delete in their CSI and SS3 forms. */
static void escape(struct edit *e)
{
	int c = read_byte(), num = 0;

	if (c != '[' && c != 'O')
		return;
	c = read_byte();
	while (c >= '0' && c <= '9') {
		num = num * 10 + (c - '0');
		c = read_byte();
	}
	switch (c) {
	case 'A': history_move(e, -1); break;
	case 'B': history_move(e, 1); break;
	case 'C': if (e->pos < e->len) { e->pos++; out("\x1b[C", 3); } break;
	case 'D': if (e->pos > 0) { e->pos--; out("\x1b[D", 3); } break;
	case 'H': e->pos = 0; refresh(e); break;
	case 'F': e->pos = e->len; refresh(e); break;
	case '~':
		if (num == 3)
			delete_at(e, e->pos);
		else if (num == 1 || num == 7)
			e->pos = 0, refresh(e);
		else if (num == 4 || num == 8)
			e->pos = e->len, refresh(e);
		break;
	}
}

/* Tab: complete the word that ends at the cursor. */
static void tab(struct edit *e)
{
	char word[LINE_MAX], add[LINE_MAX];
	int start = e->pos, first, i;

	while (start > 0 && e->buf[start - 1] != ' ')
		start--;
	for (first = 1, i = 0; i < start; i++)
		if (e->buf[i] != ' ' && e->buf[i] != ';' && e->buf[i] != '|' &&
		    e->buf[i] != '&')
			first = 0;
		else if (e->buf[i] != ' ')
			first = 1;
	memcpy(word, e->buf + start, (size_t)(e->pos - start));
	word[e->pos - start] = 0;
	if (complete_word(word, first, add, sizeof(add)))
		refresh(e);
	for (i = 0; add[i]; i++)
		insert(e, add[i]);
}

/* Handle one key; returns 1 when the line is complete, -1 at end of
 * input, 0 to keep editing. */
static int key(struct edit *e, int c)
{
	switch (c) {
	case -1: return e->len ? 1 : -1;
	case '\r': case '\n': out("\n", 1); return 1;
	case 4:  /* Ctrl-D: end of input on an empty line, else delete */
		if (!e->len) { out("\n", 1); return -1; }
		delete_at(e, e->pos);
		return 0;
	case 3:  /* Ctrl-C: drop the line, as bash does */
		out("^C\n", 3);
		e->len = e->pos = 0;
		last_status = 130;
		return 1;
	case 127: case 8: delete_at(e, e->pos - 1); return 0;
	case 1: e->pos = 0; refresh(e); return 0;
	case 5: e->pos = e->len; refresh(e); return 0;
	case 21: e->len = e->pos = 0; refresh(e); return 0;
	case 12: out("\x1b[H\x1b[J", 6); refresh(e); return 0;
	case 27: escape(e); return 0;
	case 9: tab(e); return 0;
	default:
		if (c >= 32 && c < 127)
			insert(e, (char)c);
		return 0;
	}
}

static int edit_line(const char *prompt, char *buf, int size)
{
	static struct edit e;
	struct termios raw = cooked;
	int r;

	memset(&e, 0, sizeof(e));
	e.prompt = prompt;
	e.buf = buf;
	e.size = size;
	raw.c_lflag &= ~(u32)(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	out(prompt, (int)strlen(prompt));
	while ((r = key(&e, read_byte())) == 0)
		;
	tcsetattr(STDIN_FILENO, TCSANOW, &cooked);
	buf[e.len] = 0;
	if (r > 0)
		history_add(buf);
	return r < 0 ? -1 : e.len;
}

int line_read(const char *prompt, char *buf, int size)
{
	int n;

	if (can_edit)
		return edit_line(prompt, buf, size);
	fputs(prompt, stdout);
	fflush(stdout);
	n = getline_fd(STDIN_FILENO, buf, size);
	if (n <= 0)
		return -1;
	if (buf[n - 1] == '\n')
		buf[--n] = 0;
	return n;
}

/*
 * Splitting a command line into words and operators.  Quotes work as in
 * sh: '...' is literal, "..." still expands $, and a backslash quotes
 * the next character.  $? is the last status, $$ the shell's pid, $! the
 * last background job's pid, $NAME an environment variable.  Expansion happens as each word is read, so $? in
 * "false; echo $?" sees the status of the command just before it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "sh.h"

/* Append c to the word being built; 0, or -1 when the pool is full. */
static int put(struct lexer *lx, char c)
{
	if (lx->used >= POOL_SIZE)
		return -1;
	lx->pool[lx->used++] = c;
	return 0;
}

static int put_str(struct lexer *lx, const char *s)
{
	while (*s)
		if (put(lx, *s++) < 0)
			return -1;
	return 0;
}

/* Expand the $ form at lx->p (just past the '$'). */
static int expand_dollar(struct lexer *lx)
{
	char num[16], name[64];
	const char *v;
	int n = 0;

	if (*lx->p == '?' || *lx->p == '$' || *lx->p == '!') {
		snprintf(num, sizeof(num), "%d", *lx->p == '?' ? last_status :
			 *lx->p == '$' ? getpid() : last_background);
		lx->p++;
		return lx->expand ? put_str(lx, num) : 0;
	}
	if (!isalpha(*lx->p) && *lx->p != '_')
		return put(lx, '$');
	while ((isalnum(*lx->p) || *lx->p == '_') && n < (int)sizeof(name) - 1)
		name[n++] = *lx->p++;
	name[n] = 0;
	v = getenv(name);
	return lx->expand && v ? put_str(lx, v) : 0;
}

static int is_operator_char(char c)
{
	return c == ';' || c == '&' || c == '|' || c == '<' || c == '>';
}

/* Read one word at lx->p into the pool. */
static int read_word(struct lexer *lx, struct token *t)
{
	char quote = 0;
	int r = 0;

	t->type = T_WORD;
	t->word = lx->pool + lx->used;
	while (r == 0 && *lx->p) {
		char c = *lx->p;
		if (!quote && (isspace(c) || is_operator_char(c)))
			break;
		lx->p++;
		if (quote == '\'' && c != '\'')
			r = put(lx, c);
		else if ((c == '\'' || c == '"') && !quote)
			quote = c;
		else if (c == quote)
			quote = 0;
		else if (c == '\\' && *lx->p && quote != '\'')
			r = put(lx, *lx->p++);
		else if (c == '$')
			r = expand_dollar(lx);
		else
			r = put(lx, c);
	}
	if (r == 0 && quote) {
		fprintf(stderr, "sh: unterminated %c quote\n", quote);
		return -1;
	}
	if (r < 0 || put(lx, 0) < 0) {
		fprintf(stderr, "sh: command too long\n");
		return -1;
	}
	return 0;
}

/* Operators, longest match first. */
static enum tok_type read_operator(struct lexer *lx)
{
	char c = *lx->p++;

	if (c == '&' && *lx->p == '&')
		return lx->p++, T_AND;
	if (c == '|' && *lx->p == '|')
		return lx->p++, T_OR;
	if (c == '>' && *lx->p == '>')
		return lx->p++, T_APPEND;
	switch (c) {
	case ';': return T_SEMI;
	case '&': return T_AMP;
	case '|': return T_PIPE;
	case '<': return T_IN;
	default: return T_OUT;
	}
}

int lex_next(struct lexer *lx, struct token *t)
{
	while (isspace(*lx->p))
		lx->p++;
	t->word = 0;
	if (!*lx->p || *lx->p == '#') {
		t->type = T_END;
		return 0;
	}
	if (is_operator_char(*lx->p)) {
		t->type = read_operator(lx);
		return 0;
	}
	return read_word(lx, t);
}

const char *tok_text(enum tok_type t)
{
	static const char *const text[] = {
		[T_END] = "newline", [T_WORD] = "word", [T_SEMI] = ";",
		[T_AMP] = "&", [T_AND] = "&&", [T_OR] = "||", [T_PIPE] = "|",
		[T_IN] = "<", [T_OUT] = ">", [T_APPEND] = ">>",
	};
	return text[t];
}

/* The little JSON agentd needs: flat request objects in, replies out. */
#include <string.h>
#include <stdio.h>
#include "agentd.h"

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* A JSON string without escapes other than \" and \\; returns past it or 0. */
static const char *parse_string(const char *p, char *out, int outlen)
{
	int n = 0;

	if (*p++ != '"')
		return 0;
	while (*p && *p != '"') {
		if (*p == '\\' && p[1])
			p++;
		if (n < outlen - 1)
			out[n++] = *p;
		p++;
	}
	out[n] = 0;
	return *p == '"' ? p + 1 : 0;
}

/* {"key": "string" | number | true | false, ...}; 0 or -1 if malformed. */
int json_parse(const char *line, struct request *req)
{
	const char *p = skip_ws(line);

	req->nfields = 0;
	if (*p++ != '{')
		return -1;
	p = skip_ws(p);
	if (*p == '}')
		return 0;
	for (;;) {
		int i = req->nfields;

		if (i == 16)
			return -1;
		p = parse_string(skip_ws(p), req->key[i], sizeof(req->key[i]));
		if (!p)
			return -1;
		p = skip_ws(p);
		if (*p++ != ':')
			return -1;
		p = skip_ws(p);
		req->is_num[i] = *p != '"';
		req->str[i][0] = 0;
		req->num[i] = 0;
		if (*p == '"') {
			p = parse_string(p, req->str[i], sizeof(req->str[i]));
			if (!p)
				return -1;
		} else if (strncmp(p, "true", 4) == 0 || strncmp(p, "false", 5) == 0) {
			req->num[i] = *p == 't';
			p += *p == 't' ? 4 : 5;
		} else {
			int neg = *p == '-';

			p += neg;
			if (*p < '0' || *p > '9')
				return -1;
			while (*p >= '0' && *p <= '9')
				req->num[i] = req->num[i] * 10 + (*p++ - '0');
			if (neg)
				req->num[i] = -req->num[i];
		}
		req->nfields++;
		p = skip_ws(p);
		if (*p == '}')
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

static int field(const struct request *req, const char *key)
{
	for (int i = 0; i < req->nfields; i++)
		if (strcmp(req->key[i], key) == 0)
			return i;
	return -1;
}

const char *req_str(const struct request *req, const char *key)
{
	int i = field(req, key);

	return i >= 0 && !req->is_num[i] ? req->str[i] : 0;
}

long req_num(const struct request *req, const char *key, long dflt)
{
	int i = field(req, key);

	return i >= 0 && req->is_num[i] ? req->num[i] : dflt;
}

void reply_raw(struct reply *r, const char *s)
{
	int n = strlen(s);

	if (r->len + n < REPLY_MAX - 4) {
		memcpy(r->buf + r->len, s, n);
		r->len += n;
	}
	r->buf[r->len] = 0;
}

/* ,"key":"val" (a leading comma unless the object has just begun) */
static void reply_key(struct reply *r, const char *key)
{
	char c = r->len ? r->buf[r->len - 1] : 0;

	if (c != '{' && c != '[' && c != 0)
		reply_raw(r, ",");
	reply_raw(r, "\"");
	reply_raw(r, key);
	reply_raw(r, "\":");
}

void reply_str(struct reply *r, const char *key, const char *val)
{
	char esc[160];
	int n = 0;

	for (; *val && n < (int)sizeof(esc) - 3; val++) {
		if (*val == '"' || *val == '\\')
			esc[n++] = '\\';
		esc[n++] = *val < 0x20 ? ' ' : *val;
	}
	esc[n] = 0;
	reply_key(r, key);
	reply_raw(r, "\"");
	reply_raw(r, esc);
	reply_raw(r, "\"");
}

void reply_num(struct reply *r, const char *key, long val)
{
	char num[16];

	snprintf(num, sizeof(num), "%ld", val);
	reply_key(r, key);
	reply_raw(r, num);
}

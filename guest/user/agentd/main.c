/*
 * agentd: the management agent of a host-OS server.  Started at boot by
 * /boot/rc (the platform's boot module) when /dev/ttyS1 exists, it reads
 * line-delimited JSON requests on /dev/ttyS1 and answers each on one line:
 *   {"id":1,"op":"create","kind":"kvm","name":"vm1","memoryMiB":16,"console":2}
 *   {"id":1,"ok":true}   or   {"id":1,"ok":false,"error":"..."}
 * ops: create, start, stop, list, usage (docs/host-os.md).  Unasked lines:
 * {"event":"ready"} once listening, {"event":"exited","name":..,"status":..}
 * when a VM's process ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include <termios.h>
#include <sys/stat.h>
#include "agentd.h"

#define PORT "/dev/ttyS1"
#define PIDFILE "/boot/agentd.pid"

static int port;

static void send_line(struct reply *r)
{
	reply_raw(r, "\n");
	for (int off = 0, n; off < r->len; off += n)
		if ((n = write(port, r->buf + off, r->len - off)) <= 0)
			return;
}

static void exited_event(const struct guest *g)
{
	struct reply r = { .len = 0 };

	reply_raw(&r, "{");
	reply_str(&r, "event", "exited");
	reply_str(&r, "name", g->name);
	reply_num(&r, "status", (g->status >> 8) & 0xff);
	reply_raw(&r, "}");
	send_line(&r);
}

static int fail_with(char *err, int errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return 1;
}

/* A second agent (pid 1's shell started again runs /boot/rc again) leaves
 * the port to the first: /boot/agentd.pid names the one that runs. */
static int already_running(void)
{
	char buf[16], path[32];
	int fd = open(PIDFILE, O_RDONLY), n;
	struct stat st;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	snprintf(path, sizeof(path), "/proc/%d", atoi(buf));
	return n > 0 && stat(path, &st) == 0;
}

static void write_pidfile(void)
{
	char buf[16];
	int fd = open(PIDFILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		(void)!write(fd, buf, snprintf(buf, sizeof(buf), "%d\n", getpid()));
		close(fd);
	}
}

static void handle(const char *line)
{
	struct request req;
	struct reply r = { .len = 0 };
	char err[128] = "";
	int failed = 0;

	reply_raw(&r, "{");
	if (json_parse(line, &req) < 0) {
		reply_raw(&r, "\"ok\":false");
		reply_str(&r, "error", "not a JSON object of strings and numbers");
		reply_raw(&r, "}");
		send_line(&r);
		return;
	}
	const char *op = req_str(&req, "op"), *name = req_str(&req, "name");
	reply_num(&r, "id", req_num(&req, "id", 0));
	/* Replies carry extra fields after "ok", so build them apart first. */
	struct reply extra = { .len = 0 };
	reply_raw(&extra, "{");
	if (!op)
		failed = fail_with(err, sizeof(err), "a request needs an \"op\"", "");
	else if (strcmp(op, "create") == 0)
		failed = guest_create(&req, err, sizeof(err)) < 0;
	else if (strcmp(op, "start") == 0)
		failed = guest_start(name, &extra, err, sizeof(err)) < 0;
	else if (strcmp(op, "stop") == 0)
		failed = guest_stop(name, err, sizeof(err)) < 0;
	else if (strcmp(op, "list") == 0)
		guests_list(&extra);
	else if (strcmp(op, "usage") == 0)
		guests_usage(&extra);
	else
		failed = fail_with(err, sizeof(err), "unknown op \"%s\"", op);
	if (failed) {
		reply_raw(&r, ",\"ok\":false");
		reply_str(&r, "error", err);
	} else {
		reply_raw(&r, ",\"ok\":true");
		const char *rest = extra.buf + 1;
		if (*rest && *rest != ',')
			reply_raw(&r, ",");
		reply_raw(&r, rest);
	}
	reply_raw(&r, "}");
	send_line(&r);
}

static void raw_mode(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return;
	t.c_iflag = 0;
	t.c_lflag = 0;   /* no echo, no line editing, no ^C: bytes as they come */
	t.c_cc[VMIN] = 1;
	tcsetattr(fd, TCSANOW, &t);
}

int main(void)
{
	static char line[1024];
	int len = 0;
	struct stat st;

	if (stat(PORT, &st) < 0 || already_running())
		return 0;   /* not a host-OS server, or its agent runs: nothing to do */
	port = open(PORT, O_RDWR);
	if (port < 0) {
		fprintf(stderr, "agentd: %s: %s\n", PORT, strerror(errno));
		return 1;
	}
	if (fork() != 0)
		return 0;   /* the boot script goes on; the agent stays */
	setsid();
	write_pidfile();
	raw_mode(port);
	printf("agentd: managing guests on %s\n", PORT);
	struct reply ready = { .len = 0 };
	reply_raw(&ready, "{\"event\":\"ready\"}");
	send_line(&ready);
	for (;;) {
		struct pollfd pfd = { port, POLLIN, 0 };
		struct timespec64 second = { 1, 0 };
		char buf[128];

		if (ppoll(&pfd, 1, &second, 0) > 0 && (pfd.revents & POLLIN)) {
			int n = read(port, buf, sizeof(buf));
			for (int i = 0; i < n; i++) {
				if (buf[i] == '\n' || buf[i] == '\r') {
					line[len] = 0;
					if (len > 0)
						handle(line);
					len = 0;
				} else if (len < (int)sizeof(line) - 1) {
					line[len++] = buf[i];
				}
			}
		}
		guests_reap(exited_event);
	}
}

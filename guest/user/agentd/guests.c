/* The guests the agent manages: KVM VMs and UML kernels are host processes
 * it starts itself; containers are the kernel's, made and run through ctr. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <errno.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include "agentd.h"

static struct guest guests[MAX_GUESTS];

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Splits line at blanks, in place, into at most max fields; returns how many. */
static int split(char *line, char **fields, int max)
{
	int n = 0;

	while (n < max) {
		while (*line == ' ' || *line == '\t')
			*line++ = 0;
		if (!*line)
			break;
		fields[n++] = line;
		while (*line && *line != ' ' && *line != '\t')
			line++;
	}
	return n;
}

static struct guest *find(const char *name)
{
	for (int i = 0; i < MAX_GUESTS; i++)
		if (guests[i].used && strcmp(guests[i].name, name) == 0)
			return &guests[i];
	return 0;
}

static int fail(char *err, int errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return -1;
}

/* ctr's own message (its last line) as the reason. */
static int ctr_failed(char *out, char *err, int errlen)
{
	int n = strlen(out);

	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = 0;
	char *line = strrchr(out, '\n');
	if (n == 0)
		return fail(err, errlen, "%s", "ctr failed (is /bin/ctr there?)");
	return fail(err, errlen, "%s", line ? line + 1 : out);
}

/* The guest called name; 0, with the reason in err, when there is none. */
static struct guest *find_named(const char *name, char *err, int errlen)
{
	struct guest *g = name ? find(name) : 0;

	if (!g)
		fail(err, errlen, "no guest \"%s\"", name ? name : "");
	return g;
}

/* "ctr <verb> <name>" for a container; 0, or -1 with ctr's own reason in err. */
static int ctr_run(const char *verb, char *name, char *err, int errlen)
{
	char out[256];
	char *argv[] = { "ctr", (char *)verb, name, 0 };

	if (run_capture(argv, out, sizeof(out)) != 0)
		return ctr_failed(out, err, errlen);
	return 0;
}

static int console_taken(int n)
{
	for (int i = 0; i < MAX_GUESTS; i++)
		if (guests[i].used && guests[i].console == n)
			return 1;
	return 0;
}

int guest_create(const struct request *req, char *err, int errlen)
{
	const char *name = req_str(req, "name"), *kind = req_str(req, "kind");
	const char *image = req_str(req, "image");
	int console = req_num(req, "console", 0), slot = -1;
	char dev[16];

	if (!name || !*name || strlen(name) >= NAME_LEN)
		return fail(err, errlen, "%s", "a guest needs a name (at most 31 characters)");
	if (find(name))
		return fail(err, errlen, "\"%s\" already exists", name);
	if (!kind || (strcmp(kind, "kvm") && strcmp(kind, "uml") && strcmp(kind, "container")))
		return fail(err, errlen, "%s", "kind must be kvm, uml or container");
	snprintf(dev, sizeof(dev), "/dev/ttyS%d", console);
	if (console < 2 || console > 8 || !exists(dev))
		return fail(err, errlen, "console must be a port of this server, 2..8 (no %s)", dev);
	if (console_taken(console))
		return fail(err, errlen, "%s is another guest's console", dev);
	for (int i = 0; i < MAX_GUESTS && slot < 0; i++)
		if (!guests[i].used)
			slot = i;
	if (slot < 0)
		return fail(err, errlen, "%s", "no room for another guest");
	struct guest g = { .used = 1, .console = console };
	strcpy(g.name, name);
	strcpy(g.kind, kind);
	g.memory_mib = req_num(req, "memoryMiB", 16);
	g.weight = req_num(req, "weight", 0);
	g.cap = req_num(req, "cap", 0);
	g.pids = req_num(req, "pids", 0);
	if (strcmp(kind, "container") == 0) {
		char mem[12], weight[12], cap[12], pids[12], out[256];
		char *argv[20] = { "ctr", "create", g.name, "--mem", mem, "--console", dev };
		int n = 7;

		snprintf(mem, sizeof(mem), "%d", g.memory_mib);
		if (image && *image) {
			argv[n++] = "--image";
			argv[n++] = (char *)image;
		}
		if (g.weight) {
			snprintf(weight, sizeof(weight), "%d", g.weight);
			argv[n++] = "--cpus";
			argv[n++] = weight;
		}
		if (g.cap) {
			snprintf(cap, sizeof(cap), "%d", g.cap);
			argv[n++] = "--cpu-quota";
			argv[n++] = cap;
		}
		if (g.pids) {
			snprintf(pids, sizeof(pids), "%d", g.pids);
			argv[n++] = "--pids";
			argv[n++] = pids;
		}
		if (run_capture(argv, out, sizeof(out)) != 0)
			return ctr_failed(out, err, errlen);
	} else {
		const char *dflt = strcmp(kind, "kvm") == 0 ? "/boot/kernel.elf" : "/boot/kernel-um.elf";
		snprintf(g.image, sizeof(g.image), "%s", image && *image ? image : dflt);
		if (!exists(g.image))
			return fail(err, errlen, "no image %s on this host", g.image);
	}
	guests[slot] = g;
	return 0;
}

int guest_start(const char *name, struct reply *r, char *err, int errlen)
{
	struct guest *g = find_named(name, err, errlen);
	char mem[24], con[32], nm[48], dev[16];

	if (!g)
		return -1;
	if (g->pid > 0 || (g->started && strcmp(g->kind, "container") == 0))
		return fail(err, errlen, "\"%s\" is already running", name);
	snprintf(dev, sizeof(dev), "/dev/ttyS%d", g->console);
	if (strcmp(g->kind, "container") == 0) {
		if (ctr_run("start", g->name, err, errlen) != 0)
			return -1;
		g->started = 1;
		return 0;
	}
	int pid;
	if (strcmp(g->kind, "kvm") == 0) {
		snprintf(mem, sizeof(mem), "%d", g->memory_mib);
		char *argv[] = { "lkvm", "run", "--name", g->name, "--mem", mem,
				 "--console", dev, g->image, 0 };
		pid = spawn(argv);
	} else {
		snprintf(mem, sizeof(mem), "mem=%d", g->memory_mib);
		snprintf(con, sizeof(con), "con=%s", dev);
		snprintf(nm, sizeof(nm), "name=%s", g->name);
		char *argv[] = { g->image, mem, con, nm, 0 };
		pid = spawn(argv);
	}
	if (pid < 0)
		return fail(err, errlen, "cannot start it: %s", strerror(-pid));
	g->pid = pid;
	g->started = 1;
	g->exited = 0;
	reply_num(r, "pid", pid);
	return 0;
}

int guest_stop(const char *name, char *err, int errlen)
{
	struct guest *g = find_named(name, err, errlen);

	if (!g)
		return -1;
	if (strcmp(g->kind, "container") == 0) {
		if (ctr_run("stop", g->name, err, errlen) != 0)
			return -1;
		g->started = 0;
		return 0;
	}
	if (g->pid <= 0)
		return fail(err, errlen, "\"%s\" is not running", name);
	kill(g->pid, SIGKILL);
	int status;
	if (waitpid(g->pid, &status, 0) == g->pid) {
		g->exited = 1;
		g->status = status;
	}
	g->pid = 0;
	return 0;
}

/* "pid (comm) S ppid pgid ticks pages nice ctr hostpid" for a live pid */
static int proc_stat(int pid, char *state, unsigned *ticks, unsigned *pages)
{
	char path[32], buf[160];
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *p = strrchr(buf, ')'), *f[5];
	if (!p || split(p + 1, f, 5) != 5)
		return -1;
	*state = f[0][0];
	*ticks = strtol(f[3], 0, 10);
	*pages = strtol(f[4], 0, 10);
	return 0;
}

/* The row of `ctr ls` for name: NAME STATE PIDS MEM CPU (pointers into a
 * buffer the next call reuses). */
static int ctr_row(const char *name, char *fields[5])
{
	static char out[1024];
	char *argv[] = { "ctr", "ls", 0 };

	if (run_capture(argv, out, sizeof(out)) != 0)
		return -1;
	for (char *line = out, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (split(line, fields, 5) == 5 && strcmp(fields[0], name) == 0)
			return 0;
	}
	return -1;
}

/* Opens the JSON object of slot i's guest (a comma before all but the first
 * row) with its name, kind and console; 0 for an empty slot. */
static const struct guest *open_row(struct reply *r, int i, int *first)
{
	const struct guest *g = &guests[i];

	if (!g->used)
		return 0;
	if (!*first)
		reply_raw(r, ",");
	*first = 0;
	reply_raw(r, "{");
	reply_str(r, "name", g->name);
	reply_str(r, "kind", g->kind);
	reply_num(r, "console", g->console);
	return g;
}

static const char *vm_state(const struct guest *g)
{
	return g->pid > 0 ? "running" : g->exited ? "exited" : "created";
}

void guests_list(struct reply *r)
{
	reply_raw(r, ",\"guests\":[");
	for (int i = 0, first = 1; i < MAX_GUESTS; i++) {
		const struct guest *g = open_row(r, i, &first);
		char *row[5];

		if (!g)
			continue;
		if (strcmp(g->kind, "container") == 0) {
			reply_str(r, "state", ctr_row(g->name, row) == 0 ? row[1] : "unknown");
		} else {
			reply_str(r, "state", vm_state(g));
			if (g->pid > 0)
				reply_num(r, "pid", g->pid);
			if (g->exited)
				reply_num(r, "status", (g->status >> 8) & 0xff);
		}
		reply_raw(r, "}");
	}
	reply_raw(r, "]");
}

void guests_usage(struct reply *r)
{
	reply_raw(r, ",\"usage\":[");
	for (int i = 0, first = 1; i < MAX_GUESTS; i++) {
		const struct guest *g = open_row(r, i, &first);
		char *row[5], state;
		unsigned ticks, pages;

		if (!g)
			continue;
		if (strcmp(g->kind, "container") == 0) {
			if (ctr_row(g->name, row) == 0) {
				reply_str(r, "pids", row[2]);
				reply_str(r, "mem", row[3]);
				reply_str(r, "cpu", row[4]);
			}
		} else if (g->pid > 0 && proc_stat(g->pid, &state, &ticks, &pages) == 0) {
			reply_num(r, "pid", g->pid);
			reply_num(r, "cpuTicks", ticks);
			reply_num(r, "memKiB", pages * 4);
		}
		reply_raw(r, "}");
	}
	reply_raw(r, "]");
}

void guests_reap(void (*exited)(const struct guest *g))
{
	int status, pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (int i = 0; i < MAX_GUESTS; i++) {
			struct guest *g = &guests[i];
			if (g->used && g->pid == pid) {
				g->pid = 0;
				g->exited = 1;
				g->status = status;
				exited(g);
			}
		}
	}
}

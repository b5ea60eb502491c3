/* agentd: the management agent of a host-OS server (docs/host-os.md). */
#ifndef AGENTD_H
#define AGENTD_H

#define MAX_GUESTS 7     /* one console each: /dev/ttyS2../dev/ttyS8 */
#define NAME_LEN 32
#define REPLY_MAX 1536

/* A request: a flat JSON object of string and whole-number fields. */
struct request {
	int nfields;
	char key[16][16];
	char str[16][64];
	long num[16];
	int is_num[16];
};
int json_parse(const char *line, struct request *req);
const char *req_str(const struct request *req, const char *key);
long req_num(const struct request *req, const char *key, long dflt);

/* The reply being built: reply_begin, then fields, then reply_end. */
struct reply {
	char buf[REPLY_MAX];
	int len;
};
void reply_raw(struct reply *r, const char *s);
void reply_str(struct reply *r, const char *key, const char *val);
void reply_num(struct reply *r, const char *key, long val);

struct guest {
	int used;
	char name[NAME_LEN];
	char kind[16];          /* kvm, uml, container */
	char image[64];
	int console;            /* n of /dev/ttySn */
	int memory_mib;
	int weight, cap, pids;  /* containers: --cpus, --cpu-quota, --pids (0: none) */
	int pid;                /* kvm, uml: the host process while it runs */
	int started, exited, status;
};

/* guests.c: each returns 0, or -1 with the reason in err */
int guest_create(const struct request *req, char *err, int errlen);
int guest_start(const char *name, struct reply *r, char *err, int errlen);
int guest_stop(const char *name, char *err, int errlen);
void guests_list(struct reply *r);
void guests_usage(struct reply *r);
/* Reaps exited VM processes; calls back for each, for an event line. */
void guests_reap(void (*exited)(const struct guest *g));

/* run.c */
int run_capture(char *const argv[], char *out, int outlen);
int spawn(char *const argv[]);

#endif

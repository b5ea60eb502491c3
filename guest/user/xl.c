/* xl: dom0's tool to list and manage the hypervisor's domains, after Xen's.
 *
 *   xl list                          Name, ID, Mem, VCPUs, State, Time(s), Mode
 *   xl create NAME MODE MEM          a new domain of MEM MiB booting its kernel
 *                                    (MODE full, pv, bt or hw)
 *   xl pause|unpause|destroy NAME
 *   xl sched-credit [-d NAME -w WEIGHT [-c CAP]]
 *
 * Every request is a domctl hypercall made through /dev/xen/privcmd
 * (docs/hypercalls.md), which only dom0 may make. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define PRIVCMD "/dev/xen/privcmd"

static const char *const mode_names[DOMAIN_MODE_COUNT] = DOMAIN_MODE_NAMES;

static int privcmd = -1;
static struct privcmd_domain_info doms[PRIVCMD_MAX_DOMAINS];
static int ndoms;

/* Says why a request failed, in plain words; returns 1 (the exit status). */
static int complain(const char *what, int err)
{
	switch (err) {
	case EPERM:
		fprintf(stderr, "xl: %s: permission denied: only dom0 may manage domains, "
			"and this is a guest domain (domU)\n", what);
		break;
	case ESRCH:
		fprintf(stderr, "xl: %s: no such domain\n", what);
		break;
	case EBUSY:
		fprintf(stderr, "xl: %s: the domain is not in a state that allows this "
			"(already paused, or not paused)\n", what);
		break;
	case EINVAL:
		fprintf(stderr, "xl: %s: the hypervisor refused: not allowed on dom0, "
			"or an argument is out of range, or no room for it\n", what);
		break;
	default:
		fprintf(stderr, "xl: %s: %s\n", what, strerror(err));
	}
	return 1;
}

/* Opens the privcmd device; 0, or 1 after saying why not. */
static int open_privcmd(void)
{
	privcmd = open(PRIVCMD, O_RDWR);
	if (privcmd >= 0)
		return 0;
	if (errno == ENOENT) {
		fprintf(stderr, "xl: cannot open " PRIVCMD ": %s: this kernel is not the "
			"paravirtualized one on the Hyperlab VMM, so there is no "
			"hypervisor to manage from here\n", strerror(errno));
		return 1;
	}
	return complain("cannot open " PRIVCMD, errno);
}

/* One domctl; 0 with *value set, else the errno. */
static int domctl(unsigned op, unsigned a0, unsigned a1, unsigned *value)
{
	struct privcmd_domctl req = { op, { a0, a1, 0 }, 0 };
	if (ioctl(privcmd, IOCTL_PRIVCMD_DOMCTL, &req) < 0)
		return errno;
	if (value)
		*value = req.value;
	return 0;
}

/* Fills doms[] and ndoms; 0 or the errno. */
static int fetch_domains(void)
{
	unsigned count;
	int err = domctl(DOMCTL_LIST, (unsigned)doms, PRIVCMD_MAX_DOMAINS, &count);
	if (err)
		return err;
	ndoms = count < PRIVCMD_MAX_DOMAINS ? (int)count : PRIVCMD_MAX_DOMAINS;
	return 0;
}

/* The domain called name, or NULL after saying so. */
static struct privcmd_domain_info *find(const char *name)
{
	int i, err = fetch_domains();
	if (err) {
		complain("list", err);
		return NULL;
	}
	for (i = 0; i < ndoms; i++)
		if (strncmp(doms[i].name, name, sizeof(doms[i].name)) == 0)
			return &doms[i];
	fprintf(stderr, "xl: no domain named '%s' (see xl list)\n", name);
	return NULL;
}

/* The VMM mode's name, or "?" for a number this xl does not know. */
static const char *mode_name(unsigned mode)
{
	return mode < DOMAIN_MODE_COUNT ? mode_names[mode] : "?";
}

/* The mode called name, or -1. */
static int mode_number(const char *name)
{
	int i;
	for (i = 0; i < DOMAIN_MODE_COUNT; i++)
		if (strcmp(mode_names[i], name) == 0)
			return i;
	return -1;
}

/* Xen's six state letters: running, blocked, paused, shutdown, crashed, dying. */
static const char *state_letters(const struct privcmd_domain_info *d)
{
	static const char *letters[] = { "r-----", "--p---", "---s--", "----c-" };
	if (d->state == 0 && (d->flags & DOMINFO_BLOCKED))
		return "-b----";
	return d->state < 4 ? letters[d->state] : "------";
}

static int cmd_list(void)
{
	int i, err = fetch_domains();
	if (err)
		return complain("list", err);
	printf("Name                ID   Mem VCPUs  State   Time(s)  Mode\n");
	for (i = 0; i < ndoms; i++) {
		struct privcmd_domain_info *d = &doms[i];
		printf("%-16.16s %5u %5u %5u %s %6u.%u   %s\n", d->name, d->domid,
		       d->mem_kib / 1024, d->vcpus, state_letters(d),
		       d->cpu_ms / 1000, d->cpu_ms % 1000 / 100, mode_name(d->mode));
	}
	return 0;
}

/* A whole number from text, or -1. */
static long number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	return *s && !*end && n >= 0 ? n : -1;
}

static int cmd_create(int argc, char **argv)
{
	struct privcmd_domain_config c;
	unsigned id;
	long mem = argc == 5 ? number(argv[4]) : -1;
	int mode = argc == 5 ? mode_number(argv[3]) : -1;
	if (mem < 0 || mode < 0) {
		fprintf(stderr, "usage: xl create NAME full|pv|bt|hw MEM_MIB\n");
		return 2;
	}
	memset(&c, 0, sizeof(c));
	strncpy(c.name, argv[2], sizeof(c.name) - 1);
	c.mode = mode;
	/* Only pv boots the modified kernel; full, bt and hw run the unmodified one. */
	c.image = strcmp(argv[3], "pv") == 0;
	c.vcpus = 1;
	c.mem_mib = mem;
	c.weight = 256;
	int err = domctl(DOMCTL_CREATE, (unsigned)&c, 0, &id);
	if (err && c.reason[0]) {
		/* The VMM said why (a hw guest on hardware without the H extension, a
		 * name in use, no room): its words are better than the errno's. */
		c.reason[sizeof(c.reason) - 1] = 0;
		fprintf(stderr, "xl: create: %s\n", c.reason);
		return 1;
	}
	if (err)
		return complain("create", err);
	printf("Created domain %s (id %u, %s, %ld MiB)\n", c.name, id, argv[3], mem);
	return 0;
}

/* pause, unpause or destroy the domain called argv[2]. */
static int cmd_lifecycle(int argc, char **argv, unsigned op)
{
	if (argc != 3) {
		fprintf(stderr, "usage: xl %s NAME\n", argv[1]);
		return 2;
	}
	struct privcmd_domain_info *d = find(argv[2]);
	if (!d)
		return 1;
	if ((d->flags & DOMINFO_DOM0) && op != DOMCTL_UNPAUSE) {
		fprintf(stderr, "xl: %s: %s is dom0, the domain that manages the "
			"others; it cannot be paused or destroyed\n", argv[1], d->name);
		return 1;
	}
	int err = domctl(op, d->domid, 0, NULL);
	return err ? complain(argv[1], err) : 0;
}

static int sched_list(void)
{
	int i, err = fetch_domains();
	if (err)
		return complain("sched-credit", err);
	printf("Name                ID Weight  Cap\n");
	for (i = 0; i < ndoms; i++)
		printf("%-16.16s %5u %6u %4u\n", doms[i].name, doms[i].domid,
		       doms[i].weight, doms[i].cap);
	return 0;
}

static int cmd_sched_credit(int argc, char **argv)
{
	const char *name = NULL;
	long weight = -1, cap = -1;
	int i;
	if (argc == 2)
		return sched_list();
	for (i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-d") == 0)
			name = argv[i + 1];
		else if (strcmp(argv[i], "-w") == 0)
			weight = number(argv[i + 1]);
		else if (strcmp(argv[i], "-c") == 0)
			cap = number(argv[i + 1]);
		else
			break;
	}
	if (i != argc || !name || (weight < 0 && cap < 0)) {
		fprintf(stderr, "usage: xl sched-credit [-d NAME [-w WEIGHT] [-c CAP]]\n");
		return 2;
	}
	struct privcmd_domain_info *d = find(name);
	if (!d)
		return 1;
	int err = weight >= 0 ? domctl(DOMCTL_SET_WEIGHT, d->domid, weight, NULL) : 0;
	if (!err && cap >= 0)
		err = domctl(DOMCTL_SET_CAP, d->domid, cap, NULL);
	return err ? complain("sched-credit", err) : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: xl list\n"
		"       xl create NAME full|pv|bt|hw MEM_MIB\n"
		"       xl pause|unpause|destroy NAME\n"
		"       xl sched-credit [-d NAME [-w WEIGHT] [-c CAP]]\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *cmd = argv[1];
	if (open_privcmd())
		return 1;
	if (strcmp(cmd, "list") == 0)
		return cmd_list();
	if (strcmp(cmd, "create") == 0)
		return cmd_create(argc, argv);
	if (strcmp(cmd, "pause") == 0)
		return cmd_lifecycle(argc, argv, DOMCTL_PAUSE);
	if (strcmp(cmd, "unpause") == 0)
		return cmd_lifecycle(argc, argv, DOMCTL_UNPAUSE);
	if (strcmp(cmd, "destroy") == 0)
		return cmd_lifecycle(argc, argv, DOMCTL_DESTROY);
	if (strcmp(cmd, "sched-credit") == 0)
		return cmd_sched_credit(argc, argv);
	return usage();
}

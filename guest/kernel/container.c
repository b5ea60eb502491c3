// Containers (OS-level virtualization): namespaces for pids, the host name
// and the file-system root, plus CPU, memory and process-count limits, all
// shared by the processes whose proc->ctr points here.  The host (ctr NULL)
// sees and reaches everything; a container sees only its own processes and
// its own tree under /containers/NAME.  The one system call, hl_container,
// is the host's; docs/host-os.md describes it and the ctr program.
#include "defs.h"
#include "proc.h"
#include "file.h"
#include "container.h"

#define CTR_DIR "/containers"

struct container containers[CTR_MAX];

// ---- namespaces

int ns_sees(struct proc *viewer, struct proc *p) {
  return viewer == NULL || viewer->ctr == NULL || viewer->ctr == p->ctr;
}

int ns_pid(struct proc *viewer, struct proc *p) {
  if (!ns_sees(viewer, p))
    return 0;
  return viewer && viewer->ctr ? p->vpid : p->pid;
}

int ns_pgid(struct proc *viewer, struct proc *p) {
  return viewer && viewer->ctr ? p->vpgid : p->pgid;
}

struct proc *ns_find(struct proc *viewer, int pid) {
  if (pid <= 0)
    return NULL;
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    if (p->state != UNUSED && p->state != EMBRYO && ns_pid(viewer, p) == pid)
      return p;
  return NULL;
}

// setpgid for a target the caller may change.  Inside a container a group
// is named by its leader's pid there; it keeps its host number too, which
// the host's job control and the tty use.
int ns_setpgid(struct proc *target, int pgid) {
  struct container *c = curproc->ctr;
  if (c == NULL) {
    target->pgid = pgid ? pgid : target->pid;
    return 0;
  }
  int vpg = pgid ? pgid : target->vpid;
  if (vpg == target->vpid) {
    target->pgid = target->pid;
    target->vpgid = vpg;
    return 0;
  }
  for (struct proc *q = procs; q < &procs[NPROC]; q++)
    if (q->state != UNUSED && q->ctr == c && q->vpgid == vpg) {
      target->pgid = q->pgid;
      target->vpgid = vpg;
      return 0;
    }
  return -EPERM;
}

// A process group as viewer numbers it -> its host number (what ttys keep),
// or 0 if viewer has no such group.
int ns_pgrp_to_host(struct proc *viewer, int pgid) {
  if (viewer->ctr == NULL)
    return pgid;
  for (struct proc *q = procs; q < &procs[NPROC]; q++)
    if (q->state != UNUSED && q->ctr == viewer->ctr && q->vpgid == pgid)
      return q->pgid;
  return 0;
}

// A host process-group number -> as viewer numbers it, 0 if it cannot see it.
int ns_pgrp_from_host(struct proc *viewer, int pgid) {
  if (viewer->ctr == NULL)
    return pgid;
  for (struct proc *q = procs; q < &procs[NPROC]; q++)
    if (q->state != UNUSED && q->ctr == viewer->ctr && q->pgid == pgid)
      return q->vpgid;
  return 0;
}

char *container_hostname(struct proc *p) {
  return p && p->ctr ? p->ctr->hostname : hostname;
}

static int is_proc_path(const char *path) {
  return strncmp(path, "/proc", 5) == 0 && (path[5] == 0 || path[5] == '/');
}

// Length of root if path is root or below it, else 0.
static int path_under(const char *root, const char *path) {
  int n = strlen(root);
  if (n == 1)
    return 1;   // "/" holds every path
  return strncmp(root, path, n) == 0 && (path[n] == 0 || path[n] == '/') ? n : 0;
}

// The path a container's process sees for a host path.  /proc is shared
// (procfs filters it); anything else outside its tree (a descriptor
// inherited from the host) counts as its root, so it cannot lead out.
void container_view(struct container *c, const char *hostpath, char *out) {
  int n = path_under(c->root, hostpath);
  if (n)
    strlcpy(out, hostpath[n] ? hostpath + n : "/", MAXPATH);
  else if (is_proc_path(hostpath))
    strlcpy(out, hostpath, MAXPATH);
  else
    strlcpy(out, "/", MAXPATH);
}

// Resolves path against base (host paths) for a process of c.  ".." is
// taken in the container's view, where the root is its own parent, and only
// then is the result placed under its root: no path climbs out.
int container_path(struct container *c, const char *base, const char *path, char *out) {
  char vbase[MAXPATH], view[MAXPATH];
  container_view(c, base, vbase);
  int r = path_normalize(vbase, path, view);
  if (r < 0)
    return r;
  if (is_proc_path(view)) {
    strlcpy(out, view, MAXPATH);
    return 0;
  }
  if (strlen(c->root) + strlen(view) >= MAXPATH)
    return -ENAMETOOLONG;
  snprintf(out, MAXPATH, "%s%s", c->root, strcmp(view, "/") == 0 ? "" : view);
  return 0;
}

// ---- limits

int container_count(struct container *c) {
  int n = 0;
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    n += p->state != UNUSED && p->ctr == c;
  return n;
}

uint32 container_pages(struct container *c) {
  uint32 n = c->file_pages;
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    if (p->state != UNUSED && p->ctr == c)
      n += p->npages;
  return n;
}

// May p's container hold `pages` more user pages?  The host has no limit.
int container_mem_ok(struct proc *p, uint32 pages) {
  struct container *c = p->ctr;
  if (c == NULL || c->mem_limit == 0 || container_pages(c) + pages <= c->mem_limit)
    return 1;
  printf("container %s: memory limit of %u KiB reached (pid %d %s)\n", c->name,
         c->mem_limit * 4, p->vpid, p->comm);
  return 0;
}

// One data page more (+1) or less (-1) for a file a process of c made;
// 0 (and no change) when one more would pass its memory limit.
int container_file_page(struct container *c, int delta) {
  if (delta > 0 && c->mem_limit && container_pages(c) + 1 > c->mem_limit)
    return 0;
  c->file_pages += delta;
  return 1;
}

// The host keeps HOST_RESERVED_PROCS slots of the process table that no
// container can take, so a container without --pids cannot fork-bomb the
// host out of its own shell.
int container_fork_ok(struct proc *parent) {
  struct container *c = parent->ctr;
  if (c == NULL)
    return 1;
  if (proc_count_state(UNUSED) <= HOST_RESERVED_PROCS)
    return 0;
  return c->pids_limit == 0 || (uint32)container_count(c) < c->pids_limit;
}

// A child joins its parent's container and scheduling position.
void container_forked(struct proc *parent, struct proc *child) {
  child->ctr = parent->ctr;
  child->nice = parent->nice;
  child->vruntime = parent->vruntime;
  if (child->ctr) {
    child->vpid = child->ctr->nextvpid++;
    child->vpgid = parent->vpgid;
  }
}

// A container's pid 1 died: as in a Linux pid namespace, every process
// left in it is killed, and the container is stopped.
void container_init_exited(struct proc *p) {
  struct container *c = p->ctr;
  c->init = NULL;
  c->state = CTR_STATE_STOPPED;
  for (struct proc *q = procs; q < &procs[NPROC]; q++)
    if (q != p && q->state != UNUSED && q->ctr == c)
      proc_signal(q, SIGKILL);
  printf("container %s: stopped (pid 1 exited, status 0x%x)\n", c->name, p->xstatus);
}

// ---- the container's tree

static int path_push_name(char *path, const char *name) {
  int n = strlen(path);
  if (n + 1 + strlen(name) >= MAXPATH)
    return -ENAMETOOLONG;
  snprintf(path + n, MAXPATH - n, "%s%s", n == 1 ? "" : "/", name);
  return n;
}

// Copies the tree at src to dst (both host paths, MAXPATH buffers that are
// restored on return); page is a bounce buffer.  Device nodes are not copied.
static int copy_tree(char *src, char *dst, uint8 *page) {
  int err = 0;
  struct inode *s = ramfs_lookup(src);
  if (s == NULL)
    return -ENOENT;
  if (s->type == T_DEV)
    return 0;
  struct inode *d = ramfs_lookup(dst);
  if (d == NULL && (d = ramfs_create(dst, s->type, s->mode, &err)) == NULL)
    return err;
  if (s->type == T_FILE) {
    for (uint32 off = 0; off < s->size; off += PGSIZE) {
      int n = ramfs_readi(s, page, off, PGSIZE);
      if (n < 0 || ramfs_writei(d, page, off, n) != n)
        return -ENOSPC;
    }
    return 0;
  }
  struct inode *child;
  for (uint32 i = 0; err == 0 && (child = ramfs_child_at(s, i)) != NULL; i++) {
    int sn = path_push_name(src, child->name), dn = path_push_name(dst, child->name);
    err = sn < 0 ? sn : dn < 0 ? dn : copy_tree(src, dst, page);
    if (sn >= 0)
      src[sn] = 0;
    if (dn >= 0)
      dst[dn] = 0;
  }
  return err;
}

// Removes the tree at path (a MAXPATH buffer, restored on return).
static void remove_tree(char *path) {
  struct inode *ip = ramfs_lookup(path), *child;
  if (ip == NULL)
    return;
  while (ip->type == T_DIR && (child = ramfs_child_at(ip, 0)) != NULL) {
    int n = path_push_name(path, child->name);
    if (n < 0)
      return;
    remove_tree(path);
    path[n] = 0;
    if (ramfs_child_at(ip, 0) == child)
      return;   // could not remove it: give up rather than loop
  }
  ramfs_remove(path);
}

static int make_node(struct container *c, const char *rel, int type, int dev) {
  char path[MAXPATH];
  int err;
  snprintf(path, MAXPATH, "%s%s", c->root, rel);
  struct inode *ip = ramfs_lookup(path);
  if (ip == NULL)
    ip = ramfs_create(path, type, type == T_DIR ? S_IFDIR | 0755 : S_IFCHR | 0666, &err);
  if (ip == NULL)
    return err;
  if (type == T_DEV) {
    ip->type = T_DEV;
    ip->mode = S_IFCHR | 0666;
    ip->dev = dev;
  }
  return 0;
}

// Fills c's root: a copy of image (a host directory), or of the host's /bin
// and /etc (the initramfs's programs and settings); then /dev with its
// console, /proc, /tmp, and /etc/hostname.
static int build_root(struct container *c, const char *image, int console_dev) {
  char src[MAXPATH], dst[MAXPATH];
  int err;
  uint8 *page = kalloc();
  if (page == NULL)
    return -ENOMEM;
  if (ramfs_lookup(CTR_DIR) == NULL && ramfs_create(CTR_DIR, T_DIR, S_IFDIR | 0755, &err) == NULL) {
    kfree(page);
    return err;
  }
  strlcpy(src, image[0] ? image : "/", MAXPATH);
  strlcpy(dst, c->root, MAXPATH);
  if (image[0]) {
    err = copy_tree(src, dst, page);
  } else {
    err = ramfs_create(dst, T_DIR, S_IFDIR | 0755, &err) ? 0 : err;
    for (int i = 0; err == 0 && i < 2; i++) {
      const char *dir = i == 0 ? "/bin" : "/etc";
      strlcpy(src, dir, MAXPATH);
      snprintf(dst, MAXPATH, "%s%s", c->root, dir);
      err = copy_tree(src, dst, page);
    }
  }
  kfree(page);
  static const char *const dirs[] = { "/dev", "/proc", "/tmp", "/etc" };
  for (int i = 0; err == 0 && i < NELEM(dirs); i++)
    err = make_node(c, dirs[i], T_DIR, 0);
  if (err == 0)
    err = make_node(c, "/dev/console", T_DEV, console_dev);
  if (err == 0)
    err = make_node(c, "/dev/tty", T_DEV, console_dev);
  if (err == 0)
    err = make_node(c, "/dev/null", T_DEV, DEV_NULL);
  if (err == 0) {
    snprintf(dst, MAXPATH, "%s/etc/hostname", c->root);
    struct inode *ip = ramfs_lookup(dst);
    if (ip == NULL)
      ip = ramfs_create(dst, T_FILE, S_IFREG | 0644, &err);
    if (ip) {
      ramfs_truncate(ip, 0);
      ramfs_writei(ip, c->name, 0, strlen(c->name));
      ramfs_writei(ip, "\n", strlen(c->name), 1);
    }
  }
  return err;
}

// ---- the hl_container system call

static struct container *container_find(const char *name) {
  for (struct container *c = containers; c < &containers[CTR_MAX]; c++)
    if (c->used && strcmp(c->name, name) == 0)
      return c;
  return NULL;
}

static int valid_name(const char *name) {
  if (name[0] == 0 || name[0] == '.')
    return 0;
  for (const char *s = name; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '-' || *s == '_' || *s == '.'))
      return 0;
  return 1;
}

static int ctr_create(const char *name, uint32 uconfig) {
  struct ctr_config cfg;
  char image[MAXPATH];
  if (copyin(curproc, &cfg, uconfig, sizeof(cfg)) < 0)
    return -EFAULT;
  cfg.image[sizeof(cfg.image) - 1] = cfg.console[sizeof(cfg.console) - 1] = 0;
  if (container_find(name))
    return -EEXIST;
  if (cfg.cpu_weight > 10000 || cfg.cpu_quota > 100)
    return -EINVAL;
  struct container *c = containers;
  while (c < &containers[CTR_MAX] && c->used)
    c++;
  if (c == &containers[CTR_MAX])
    return -ENOSPC;
  // A bare image name is a directory under /images (a boot module's images).
  if (cfg.image[0] && cfg.image[0] != '/')
    snprintf(image, MAXPATH, "/images/%s", cfg.image);
  else
    strlcpy(image, cfg.image, MAXPATH);
  struct inode *ip = image[0] ? ramfs_lookup(image) : NULL;
  if (image[0] && (ip == NULL || ip->type != T_DIR))
    return -ENOENT;
  const char *console = cfg.console[0] ? cfg.console : "/dev/console";
  struct inode *con = ramfs_lookup(console);
  if (con == NULL || con->type != T_DEV)
    return con ? -ENOTTY : -ENOENT;
  memset(c, 0, sizeof(*c));
  strlcpy(c->name, name, sizeof(c->name));
  strlcpy(c->hostname, name, sizeof(c->hostname));
  strlcpy(c->console, console, sizeof(c->console));
  snprintf(c->root, MAXPATH, CTR_DIR "/%s", name);
  if (ramfs_lookup(c->root))
    return -EEXIST;   // a tree left by someone else
  if (image[0] && path_under(image, c->root))
    return -EINVAL;   // the image holds the container: the copy would not end
  c->mem_limit = cfg.mem_mib * (1024 * 1024 / PGSIZE);
  c->pids_limit = cfg.pids;
  c->sg.weight = cfg.cpu_weight ? cfg.cpu_weight : 100;
  c->sg.quota = cfg.cpu_quota == 100 ? 0 : cfg.cpu_quota;
  c->state = CTR_STATE_CREATED;
  int err = build_root(c, image, con->dev);
  if (err < 0) {
    char path[MAXPATH];
    strlcpy(path, c->root, MAXPATH);
    remove_tree(path);
    return err;
  }
  c->used = 1;
  return 0;
}

// Gives p the console as fds 0, 1, 2 and closes every other descriptor
// except those marked close-on-exec (ctr's exec-status pipe; exec closes them).
static int enter_console(struct proc *p, struct container *c) {
  struct file *f;
  int r = file_open(c->console, O_RDWR, 0, &f);
  if (r < 0)
    return r;
  for (int fd = 0; fd < NOFILE; fd++)
    if (p->ofile[fd] && (fd < 3 || !p->cloexec[fd])) {
      file_close(p->ofile[fd]);
      p->ofile[fd] = NULL;
    }
  for (int fd = 0; fd < 3; fd++) {
    p->ofile[fd] = fd ? file_dup(f) : f;
    p->cloexec[fd] = 0;
  }
  return 0;
}

// The caller joins c: as its pid 1 (start) or as one more process (exec).
static int ctr_enter(struct container *c, int as_init) {
  struct proc *p = curproc;
  if (as_init) {
    if (c->init || container_count(c) > 0)
      return -EBUSY;
    int r = enter_console(p, c);
    if (r < 0)
      return r;
    c->nextvpid = 1;
    c->init = p;
    c->state = CTR_STATE_RUNNING;
    c->sg.budget = c->sg.quota * QUOTA_PERIOD;
    p->sid = p->pgid = p->pid;   // a session of its own, out of the host's job control
  } else {
    if (c->init == NULL)
      return -ESRCH;
    if (c->pids_limit && (uint32)container_count(c) >= c->pids_limit)
      return -EAGAIN;
  }
  p->ctr = c;
  p->vpid = p->vpgid = c->nextvpid++;
  p->vruntime = c->sg.floor;
  strlcpy(p->cwd, c->root, MAXPATH);
  return 0;
}

// SIGKILL to every process in c (its pid 1's death would do it too).
int container_stop(struct container *c) {
  if (container_count(c) == 0)
    return -ESRCH;
  for (struct proc *q = procs; q < &procs[NPROC]; q++)
    if (q->state != UNUSED && q->ctr == c)
      proc_signal(q, SIGKILL);
  return 0;
}

static int ctr_remove(struct container *c) {
  char path[MAXPATH];
  if (container_count(c) > 0)
    return -EBUSY;
  strlcpy(path, c->root, MAXPATH);
  remove_tree(path);
  c->used = 0;
  return 0;
}

static int ctr_info(uint32 uinfo) {
  struct ctr_info info;
  if (copyin(curproc, &info, uinfo, 4) < 0)
    return -EFAULT;
  uint32 index = info.index;
  struct container *c = containers;
  for (uint32 k = 0; c < &containers[CTR_MAX]; c++)
    if (c->used && k++ == index)
      break;
  if (c == &containers[CTR_MAX])
    return -ENOENT;
  memset(&info, 0, sizeof(info));
  info.index = index;
  strlcpy(info.name, c->name, sizeof(info.name));
  info.state = c->state;
  info.pids = container_count(c);
  info.pids_limit = c->pids_limit;
  info.mem_kib = container_pages(c) * (PGSIZE / 1024);
  info.mem_limit_kib = c->mem_limit * (PGSIZE / 1024);
  info.cpu_ticks = c->ticks;
  info.cpu_weight = c->sg.weight;
  info.cpu_quota = c->sg.quota;
  info.init_pid = c->init ? c->init->pid : 0;
  strlcpy(info.root, c->root, sizeof(info.root));
  return copyout(curproc, uinfo, &info, sizeof(info));
}

// hl_container(op, name, arg): only the host may manage containers, so a
// container can neither make nor enter another (no nesting).
long sys_hl_container(void) {
  int op = argraw(0);
  uint32 arg = argraw(2);
  char name[CTR_NAME_LEN];
  if (curproc->ctr)
    return -EPERM;
  if (op == CTR_INFO)
    return ctr_info(arg);
  int r = copyinstr(curproc, name, argraw(1), sizeof(name));
  if (r < 0)
    return r;
  if (!valid_name(name))
    return -EINVAL;
  if (op == CTR_CREATE)
    return ctr_create(name, arg);
  struct container *c = container_find(name);
  if (c == NULL)
    return -ENOENT;
  switch (op) {
  case CTR_ENTER: return ctr_enter(c, arg != 0);
  case CTR_STOP: return container_stop(c);
  case CTR_REMOVE: return ctr_remove(c);
  }
  return -EINVAL;
}

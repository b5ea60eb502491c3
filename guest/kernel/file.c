// Open files: the system file table, read/write dispatch, paths, open.
#include "defs.h"
#include "kvm.h"
#include "proc.h"
#include "file.h"
#include "abi.h"
#include "container.h"

static struct file ftable[NFILE];

struct file *file_alloc(void) {
  for (struct file *f = ftable; f < &ftable[NFILE]; f++)
    if (f->ref == 0) {
      memset(f, 0, sizeof(*f));
      f->ref = 1;
      return f;
    }
  return NULL;
}

struct file *file_dup(struct file *f) {
  if (f->ref < 1)
    panic("file_dup: free file");
  f->ref++;
  return f;
}

void file_close(struct file *f) {
  if (f->ref < 1)
    panic("file_close: free file");
  if (--f->ref > 0)
    return;
  if (f->type == F_PIPE)
    pipe_close(f->pipe, f->writable);
  else if (f->type == F_INODE)
    ramfs_put(f->ip);
  else if (f->type == F_KVM)
    kvm_close(f);
  else if (f->type == F_PROC && f->buf)
    kfree(f->buf);
  f->type = F_NONE;
}

// Lowest free descriptor >= from in p, or -EMFILE.
int fd_alloc(struct proc *p, struct file *f, int from) {
  for (int fd = from; fd < NOFILE; fd++)
    if (p->ofile[fd] == NULL) {
      p->ofile[fd] = f;
      p->cloexec[fd] = 0;
      return fd;
    }
  return -EMFILE;
}

// Moves file data through a small kernel buffer to or from user memory.
static int inode_rw(struct file *f, uint32 ubuf, uint32 n, int write) {
  char tmp[512];
  uint32 done = 0;
  if (write && f->append)
    f->off = f->ip->size;
  while (done < n) {
    uint32 chunk = n - done < sizeof(tmp) ? n - done : sizeof(tmp);
    int r;
    if (write) {
      if (copyin(curproc, tmp, ubuf + done, chunk) < 0)
        return done ? (int)done : -EFAULT;
      r = ramfs_writei(f->ip, tmp, f->off, chunk);
    } else {
      r = ramfs_readi(f->ip, tmp, f->off, chunk);
      if (r > 0 && copyout(curproc, ubuf + done, tmp, r) < 0)
        return done ? (int)done : -EFAULT;
    }
    if (r < 0)
      return done ? (int)done : r;
    f->off += r;
    done += r;
    if ((uint32)r < chunk)
      break;
  }
  return done;
}

int file_read(struct file *f, uint32 dst, uint32 n) {
  if (!f->readable)
    return -EBADF;
  switch (f->type) {
  case F_PIPE: return pipe_read(f->pipe, dst, n);
  case F_PROC: {
    uint32 left = f->off < f->len ? f->len - f->off : 0;
    if (n > left)
      n = left;
    if (copyout(curproc, dst, f->buf + f->off, n) < 0)
      return -EFAULT;
    f->off += n;
    return n;
  }
  case F_INODE:
    if (f->ip->type == T_DIR)
      return -EISDIR;
    if (f->ip->type == T_DEV)
      return tty_of_dev(f->ip->dev) >= 0 ? tty_read(tty_of_dev(f->ip->dev), dst, n) : 0;
    return inode_rw(f, dst, n, 0);
  default:
    return -EISDIR;
  }
}

int file_write(struct file *f, uint32 src, uint32 n) {
  if (!f->writable)
    return -EBADF;
  switch (f->type) {
  case F_PIPE: return pipe_write(f->pipe, src, n);
  case F_PROC: return procfs_write(f, src, n);
  case F_INODE:
    if (f->ip->type == T_DEV)
      return tty_of_dev(f->ip->dev) >= 0 ? tty_write(tty_of_dev(f->ip->dev), src, n) : (int)n;
    return inode_rw(f, src, n, 1);
  default:
    return -EBADF;
  }
}

int file_stat(struct file *f, struct stat *st) {
  memset(st, 0, sizeof(*st));
  st->st_nlink = 1;
  st->st_blksize = PGSIZE;
  if (f->type == F_INODE) {
    st->st_ino = f->ip->ino;
    st->st_mode = f->ip->mode;
    st->st_size = f->ip->size;
    st->st_blocks = (f->ip->size + 511) / 512;
    if (f->ip->type == T_DEV)
      st->st_rdev = f->ip->dev == DEV_TTY     ? (5 << 8) | 1
                    : tty_of_dev(f->ip->dev) > 0 ? (4 << 8) | f->ip->dev
                                                 : (1 << 8) | 3;
  } else if (f->type == F_PIPE) {
    st->st_mode = S_IFIFO | 0600;
  } else if (f->type == F_PROC) {
    st->st_mode = S_IFREG | 0444;
    st->st_ino = 0x10000 + f->procnode;
  } else {
    st->st_mode = S_IFDIR | 0555;
    st->st_ino = 0x20000 + f->pid;
    st->st_nlink = 2;
  }
  return 0;
}

static int path_push(char *out, int *len, const char *comp, int n) {
  if (n == 1 && comp[0] == '.')
    return 0;
  if (n == 2 && comp[0] == '.' && comp[1] == '.') {
    while (*len > 0 && out[--*len] != '/')
      ;
    out[*len] = 0;
    return 0;
  }
  if (n > MAXNAME)
    return -ENAMETOOLONG;
  if (*len + 1 + n >= MAXPATH)
    return -ENAMETOOLONG;
  out[(*len)++] = '/';
  memcpy(out + *len, comp, n);
  *len += n;
  out[*len] = 0;
  return 0;
}

static int path_append(char *out, int *len, const char *path) {
  while (*path) {
    while (*path == '/')
      path++;
    const char *e = path;
    while (*e && *e != '/')
      e++;
    if (e > path) {
      int r = path_push(out, len, path, e - path);
      if (r < 0)
        return r;
    }
    path = e;
  }
  return 0;
}

// Joins path onto the absolute base (unless path is absolute) and removes
// ".", ".." and repeated slashes.  out has MAXPATH bytes; "/" is the root.
int path_normalize(const char *base, const char *path, char *out) {
  int len = 0;
  out[0] = 0;
  int r = path[0] == '/' ? 0 : path_append(out, &len, base);
  if (r == 0)
    r = path_append(out, &len, path);
  if (r == 0 && len == 0)
    strlcpy(out, "/", MAXPATH);
  return r;
}

// Absolute path of a directory inode, built from its ancestors.
static void inode_path(struct inode *ip, char *out) {
  struct inode *chain[MAXPATH / 2];
  int n = 0, len = 0;
  for (; ip->parent != ip && n < NELEM(chain); ip = ip->parent)
    chain[n++] = ip;
  strlcpy(out, "/", MAXPATH);
  while (n-- > 0)
    if (path_push(out, &len, chain[n]->name, strlen(chain[n]->name)) < 0)
      break;
  if (len == 0)
    strlcpy(out, "/", MAXPATH);
}

// Reads the user path upath relative to dirfd into an absolute normalized path.
int path_resolve(struct proc *p, int dirfd, uint32 upath, char *out) {
  char path[MAXPATH], base[MAXPATH];
  int r = copyinstr(p, path, upath, MAXPATH);
  if (r < 0)
    return r;
  if (path[0] == 0)
    return -ENOENT;
  if (path[0] == '/' || dirfd == AT_FDCWD) {
    strlcpy(base, p->cwd, MAXPATH);
  } else {
    if (dirfd < 0 || dirfd >= NOFILE || p->ofile[dirfd] == NULL)
      return -EBADF;
    struct file *f = p->ofile[dirfd];
    if (f->type == F_INODE && f->ip->type == T_DIR)
      inode_path(f->ip, base);
    else if (f->type == F_PROCDIR && f->pid == 0)
      strlcpy(base, "/proc", MAXPATH);
    else if (f->type == F_PROCDIR)
      snprintf(base, MAXPATH, "/proc/%d", f->pid);
    else
      return -ENOTDIR;
  }
  if (p->ctr)
    return container_path(p->ctr, base, path, out);   // confined to its root
  return path_normalize(base, path, out);
}

static int is_proc_path(const char *path) {
  return strncmp(path, "/proc", 5) == 0 && (path[5] == 0 || path[5] == '/');
}

static int open_inode(const char *path, int flags, uint32 mode, struct file *f) {
  int err = 0;
  struct inode *ip = ramfs_lookup(path);
  if (ip && (flags & O_CREAT) && (flags & O_EXCL))
    return -EEXIST;
  if (ip == NULL) {
    if (!(flags & O_CREAT))
      return -ENOENT;
    ip = ramfs_create(path, T_FILE, S_IFREG | (mode & 0777), &err);
    if (ip == NULL)
      return err;
  }
  if (ip->type == T_DEV && ip->dev == DEV_KVM && !kvm_available())
    return -ENXIO;   // no H extension: as Linux without hardware virtualization
  if (ip->type == T_DIR && f->writable)
    return -EISDIR;
  if ((flags & O_DIRECTORY) && ip->type != T_DIR)
    return -ENOTDIR;
  if ((flags & O_TRUNC) && f->writable && ip->type == T_FILE)
    ramfs_truncate(ip, 0);
  f->type = F_INODE;
  f->ip = ip;
  ip->ref++;
  return 0;
}

// Opens an absolute normalized path; *out gets a new file on success.
int file_open(const char *path, int flags, uint32 mode, struct file **out) {
  struct file *f = file_alloc();
  if (f == NULL)
    return -ENFILE;
  int acc = flags & O_ACCMODE;
  f->readable = acc == O_RDONLY || acc == O_RDWR;
  f->writable = acc == O_WRONLY || acc == O_RDWR;
  f->append = (flags & O_APPEND) != 0;
  int r = is_proc_path(path) ? procfs_open(path + 5, flags, f) : open_inode(path, flags, mode, f);
  if (r < 0) {
    f->type = F_NONE;
    f->ref = 0;
    if (f->buf)
      kfree(f->buf);
    return r;
  }
  *out = f;
  return 0;
}

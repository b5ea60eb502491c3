// File system calls: descriptors, paths, directories, the tty ioctls.
#include "defs.h"
#include "kvm.h"
#include "proc.h"
#include "file.h"
#include "abi.h"
#include "container.h"

// The open file behind descriptor fd of curproc, or NULL.
static struct file *fd_file(int fd) {
  if (fd < 0 || fd >= NOFILE)
    return NULL;
  return curproc->ofile[fd];
}

long sys_getcwd(void) {
  uint32 buf = argraw(0), size = argraw(1);
  char view[MAXPATH];
  if (curproc->ctr)
    container_view(curproc->ctr, curproc->cwd, view);   // its root is "/"
  else
    strlcpy(view, curproc->cwd, MAXPATH);
  uint32 n = strlen(view) + 1;
  if (size < n)
    return -ERANGE;
  if (copyout(curproc, buf, view, n) < 0)
    return -EFAULT;
  return n;
}

long sys_dup(void) {
  struct file *f = fd_file(argraw(0));
  if (f == NULL)
    return -EBADF;
  int fd = fd_alloc(curproc, f, 0);
  if (fd >= 0)
    file_dup(f);
  return fd;
}

long sys_dup3(void) {
  int old = argraw(0), new = argraw(1);
  struct file *f = fd_file(old);
  if (f == NULL || new < 0 || new >= NOFILE)
    return -EBADF;
  if (old == new)
    return -EINVAL;
  if (curproc->ofile[new])
    file_close(curproc->ofile[new]);
  curproc->ofile[new] = file_dup(f);
  curproc->cloexec[new] = (argraw(2) & O_CLOEXEC) != 0;
  return new;
}

// Which tty f is (0 for the console, n for /dev/ttySn), or -1.
static int file_tty(struct file *f) {
  return f->type == F_INODE && f->ip->type == T_DEV ? tty_of_dev(f->ip->dev) : -1;
}

long sys_ioctl(void) {
  struct file *f = fd_file(argraw(0));
  if (f == NULL)
    return -EBADF;
  if (f->type == F_KVM || (f->type == F_INODE && f->ip->type == T_DEV && f->ip->dev == DEV_KVM))
    return kvm_ioctl(f, argraw(1), argraw(2));
  if (f->type == F_INODE && f->ip->type == T_DEV && f->ip->dev == DEV_PRIVCMD)
    return arch_privcmd_ioctl(argraw(1), argraw(2));
  if (file_tty(f) < 0)
    return -ENOTTY;
  return tty_ioctl(file_tty(f), argraw(1), argraw(2));
}

static int is_dir_path(const char *path) {
  if (strncmp(path, "/proc", 5) == 0 && (path[5] == 0 || path[5] == '/')) {
    struct file *f;
    if (file_open(path, O_RDONLY, 0, &f) < 0)
      return -ENOENT;
    int dir = f->type == F_PROCDIR;
    file_close(f);
    return dir ? 0 : -ENOTDIR;
  }
  struct inode *ip = ramfs_lookup(path);
  if (ip == NULL)
    return -ENOENT;
  return ip->type == T_DIR ? 0 : -ENOTDIR;
}

long sys_chdir(void) {
  char path[MAXPATH];
  int r = path_resolve(curproc, AT_FDCWD, argraw(0), path);
  if (r == 0)
    r = is_dir_path(path);
  if (r == 0)
    strlcpy(curproc->cwd, path, MAXPATH);
  return r;
}

long sys_openat(void) {
  char path[MAXPATH];
  int flags = argraw(2);
  struct file *f;
  int r = path_resolve(curproc, argraw(0), argraw(1), path);
  if (r < 0)
    return r;
  r = file_open(path, flags, argraw(3), &f);
  if (r < 0)
    return r;
  int fd = fd_alloc(curproc, f, 0);
  if (fd < 0)
    file_close(f);
  else
    curproc->cloexec[fd] = (flags & O_CLOEXEC) != 0;
  return fd;
}

long sys_close(void) {
  int fd = argraw(0);
  struct file *f = fd_file(fd);
  if (f == NULL)
    return -EBADF;
  curproc->ofile[fd] = NULL;
  file_close(f);
  return 0;
}

long sys_pipe2(void) {
  struct file *rf, *wf;
  int r = pipe_alloc(&rf, &wf);
  if (r < 0)
    return r;
  int fds[2] = { fd_alloc(curproc, rf, 0), -1 };
  if (fds[0] >= 0)
    fds[1] = fd_alloc(curproc, wf, 0);
  if (fds[1] < 0 || copyout(curproc, argraw(0), fds, sizeof(fds)) < 0) {
    if (fds[0] >= 0)
      curproc->ofile[fds[0]] = NULL;
    if (fds[1] >= 0)
      curproc->ofile[fds[1]] = NULL;
    file_close(rf);
    file_close(wf);
    return fds[1] < 0 ? -EMFILE : -EFAULT;
  }
  return 0;
}

// Writes one linux_dirent64 at user dst if it fits in room.
// Returns its length, 0 if it does not fit, or -EFAULT.
int dirent_put(uint32 dst, uint32 room, uint32 ino, uint32 off, int type, const char *name) {
  struct {
    uint64 ino;
    int64 off;
    uint16 reclen;
    uint8 type;
    char name[MAXNAME + 1];
  } __attribute__((packed)) d;
  int nlen = strlen(name);
  uint32 reclen = (19 + nlen + 1 + 7) & ~7u;
  if (reclen > room)
    return 0;
  memset(&d, 0, sizeof(d));
  d.ino = ino;
  d.off = off;
  d.reclen = reclen;
  d.type = type;
  memcpy(d.name, name, nlen);
  return copyout(curproc, dst, &d, reclen) < 0 ? -EFAULT : (int)reclen;
}

static int ramfs_getdents(struct file *f, uint32 dst, uint32 n) {
  uint32 done = 0;
  for (;;) {
    struct inode *dir = f->ip, *c = NULL;
    const char *name;
    if (f->off < 2) {
      c = f->off == 0 ? dir : dir->parent;
      name = f->off == 0 ? "." : "..";
    } else {
      c = ramfs_child_at(dir, f->off - 2);
      if (c == NULL)
        return done;
      name = c->name;
    }
    int type = c->type == T_DIR ? DT_DIR : c->type == T_DEV ? DT_CHR : DT_REG;
    int r = dirent_put(dst + done, n - done, c->ino, f->off + 1, type, name);
    if (r <= 0)
      return done ? (int)done : (r ? r : -EINVAL);
    done += r;
    f->off++;
  }
}

long sys_getdents64(void) {
  struct file *f = fd_file(argraw(0));
  if (f == NULL)
    return -EBADF;
  if (f->type == F_PROCDIR)
    return procfs_getdents(f, argraw(1), argraw(2));
  if (f->type != F_INODE || f->ip->type != T_DIR)
    return -ENOTDIR;
  return ramfs_getdents(f, argraw(1), argraw(2));
}

long sys_lseek(void) {
  struct file *f = fd_file(argraw(0));
  int off = argraw(1), whence = argraw(2);
  if (f == NULL)
    return -EBADF;
  if (f->type == F_PIPE || file_tty(f) >= 0)
    return -ESPIPE;
  int size = f->type == F_INODE ? (int)f->ip->size : f->type == F_PROC ? (int)f->len : 0;
  int base = whence == 0 ? 0 : whence == 1 ? (int)f->off : whence == 2 ? size : -1;
  if (base < 0 || base + off < 0)
    return -EINVAL;
  f->off = base + off;
  return f->off;
}

long sys_read(void) {
  struct file *f = fd_file(argraw(0));
  if (f == NULL)
    return -EBADF;
  return file_read(f, argraw(1), argraw(2));
}

long sys_write(void) {
  struct file *f = fd_file(argraw(0));
  if (f == NULL)
    return -EBADF;
  return file_write(f, argraw(1), argraw(2));
}

long sys_fstat(void) {
  struct stat st;
  struct file *f = fd_file(argraw(0));
  if (f == NULL)
    return -EBADF;
  file_stat(f, &st);
  return copyout(curproc, argraw(1), &st, sizeof(st));
}

// newfstatat(dirfd, path, buf, flags): stats by opening the path read-only.
long sys_newfstatat(void) {
  char path[MAXPATH], c;
  struct stat st;
  struct file *f;
  int dirfd = argraw(0);
  uint32 upath = argraw(1);
  if ((argraw(3) & AT_EMPTY_PATH) && copyin(curproc, &c, upath, 1) == 0 && c == 0) {
    f = fd_file(dirfd);
    if (f == NULL)
      return -EBADF;
    file_stat(f, &st);
    return copyout(curproc, argraw(2), &st, sizeof(st));
  }
  int r = path_resolve(curproc, dirfd, upath, path);
  if (r == 0)
    r = file_open(path, O_RDONLY, 0, &f);
  if (r < 0)
    return r;
  file_stat(f, &st);
  file_close(f);
  return copyout(curproc, argraw(2), &st, sizeof(st));
}

long sys_mkdirat(void) {
  char path[MAXPATH];
  int err = path_resolve(curproc, argraw(0), argraw(1), path);
  if (err < 0)
    return err;
  if (strncmp(path, "/proc", 5) == 0 && (path[5] == 0 || path[5] == '/'))
    return -EPERM;
  if (ramfs_create(path, T_DIR, 0040000 | (argraw(2) & 0777), &err) == NULL)
    return err;
  return 0;
}

long sys_unlinkat(void) {
  char path[MAXPATH];
  int r = path_resolve(curproc, argraw(0), argraw(1), path);
  if (r < 0)
    return r;
  if (strncmp(path, "/proc", 5) == 0 && (path[5] == 0 || path[5] == '/'))
    return -EPERM;
  return ramfs_unlink(path, (argraw(2) & AT_REMOVEDIR) != 0);
}

long sys_ftruncate(void) {
  struct file *f = fd_file(argraw(0));
  int len = argraw(1);
  if (f == NULL || !f->writable)
    return -EBADF;
  if (f->type != F_INODE || f->ip->type != T_FILE || len < 0)
    return -EINVAL;
  return ramfs_truncate(f->ip, len);
}

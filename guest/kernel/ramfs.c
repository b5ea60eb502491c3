// The RAM file system: a tree of inodes, file data in pages.
#include "defs.h"
#include "file.h"
#include "abi.h"
#include "proc.h"
#include "container.h"

#define MAXFILEPAGES (PGSIZE / 4)

static struct inode inodes[NINODE];
static struct inode *root;

static struct inode *inode_alloc(int type, uint32 mode) {
  for (int i = 0; i < NINODE; i++)
    if (!inodes[i].used) {
      struct inode *ip = &inodes[i];
      memset(ip, 0, sizeof(*ip));
      ip->used = 1;
      ip->type = type;
      ip->mode = mode;
      ip->ino = i + 1;
      return ip;
    }
  return NULL;
}

void ramfs_init(void) {
  root = inode_alloc(T_DIR, S_IFDIR | 0755);
  root->parent = root;
}

struct inode *ramfs_root(void) { return root; }

static struct inode *dir_find(struct inode *dir, const char *name, int n) {
  for (struct inode *c = dir->child; c; c = c->next)
    if (strncmp(c->name, name, n) == 0 && c->name[n] == 0)
      return c;
  return NULL;
}

// Walks an absolute normalized path.  With parent_only, stops at the last
// component: returns the parent directory and its name in *last.
static struct inode *walk(const char *path, const char **last, int parent_only) {
  struct inode *ip = root;
  while (*path == '/')
    path++;
  while (*path) {
    const char *e = path;
    while (*e && *e != '/')
      e++;
    if (parent_only && *e == 0) {
      *last = path;
      return ip;
    }
    if (ip->type != T_DIR)
      return NULL;
    ip = dir_find(ip, path, e - path);
    if (ip == NULL)
      return NULL;
    path = *e ? e + 1 : e;
  }
  return parent_only ? NULL : ip;
}

struct inode *ramfs_lookup(const char *path) {
  return walk(path, NULL, 0);
}

// Creates a file, directory or device node at path; *err says why not.
struct inode *ramfs_create(const char *path, int type, uint32 mode, int *err) {
  const char *name;
  struct inode *dir = walk(path, &name, 1);
  if (dir == NULL) {
    *err = strcmp(path, "/") == 0 ? -EEXIST : -ENOENT;
    return NULL;
  }
  if (dir->type != T_DIR) {
    *err = -ENOTDIR;
    return NULL;
  }
  if (strlen(name) > MAXNAME) {
    *err = -ENAMETOOLONG;
    return NULL;
  }
  if (dir_find(dir, name, strlen(name))) {
    *err = -EEXIST;
    return NULL;
  }
  struct inode *ip = inode_alloc(type, mode);
  if (ip == NULL) {
    *err = -ENOSPC;
    return NULL;
  }
  ip->ctr = curproc ? curproc->ctr : NULL;
  strlcpy(ip->name, name, sizeof(ip->name));
  ip->parent = dir;
  ip->next = dir->child;
  dir->child = ip;
  return ip;
}

static void inode_release(struct inode *ip) {
  ramfs_truncate(ip, 0);
  if (ip->pages)
    kfree(ip->pages);
  ip->used = 0;
}

// Drops an open reference; an unlinked inode dies with its last one.
void ramfs_put(struct inode *ip) {
  if (--ip->ref == 0 && ip->unlinked)
    inode_release(ip);
}

int ramfs_unlink(const char *path, int rmdir) {
  struct inode *ip = ramfs_lookup(path);
  if (ip == NULL)
    return -ENOENT;
  if (ip == root || ip->type == T_DEV)
    return -EPERM;   // device nodes stay: pid 1 reopens /dev/console
  if (rmdir && ip->type != T_DIR)
    return -ENOTDIR;
  if (!rmdir && ip->type == T_DIR)
    return -EISDIR;
  return ramfs_remove(path);
}

// Removes a file, device node or empty directory (the kernel's own unlink:
// removing a container's tree takes its device nodes too).
int ramfs_remove(const char *path) {
  struct inode *ip = ramfs_lookup(path);
  if (ip == NULL)
    return -ENOENT;
  if (ip == root)
    return -EPERM;
  if (ip->child)
    return -ENOTEMPTY;
  struct inode **pp = &ip->parent->child;
  while (*pp != ip)
    pp = &(*pp)->next;
  *pp = ip->next;
  ip->unlinked = 1;
  if (ip->ref == 0)
    inode_release(ip);
  return 0;
}

// The idx-th child of dir (in list order), or NULL.
struct inode *ramfs_child_at(struct inode *dir, uint32 idx) {
  struct inode *c = dir->child;
  while (c && idx--)
    c = c->next;
  return c;
}

int ramfs_readi(struct inode *ip, void *dst, uint32 off, uint32 n) {
  uint8 *d = dst;
  if (off >= ip->size)
    return 0;
  if (n > ip->size - off)
    n = ip->size - off;
  for (uint32 done = 0; done < n;) {
    uint32 pg = (off + done) / PGSIZE, po = (off + done) % PGSIZE;
    uint32 chunk = PGSIZE - po < n - done ? PGSIZE - po : n - done;
    uint8 *page = ip->pages ? ip->pages[pg] : NULL;
    if (page)
      memcpy(d + done, page + po, chunk);
    else
      memset(d + done, 0, chunk);
    done += chunk;
  }
  return n;
}

int ramfs_writei(struct inode *ip, const void *src, uint32 off, uint32 n) {
  const uint8 *s = src;
  if (off + n < off || off + n > MAXFILEPAGES * PGSIZE)
    return -EFBIG;
  if (ip->pages == NULL && (ip->pages = kalloc()) == NULL)
    return -ENOSPC;
  uint32 done = 0;
  while (done < n) {
    uint32 pg = (off + done) / PGSIZE, po = (off + done) % PGSIZE;
    uint32 chunk = PGSIZE - po < n - done ? PGSIZE - po : n - done;
    if (ip->pages[pg] == NULL && ip->ctr && !container_file_page(ip->ctr, 1))
      break;   // its container's memory limit
    if (ip->pages[pg] == NULL && (ip->pages[pg] = kalloc()) == NULL) {
      if (ip->ctr)
        container_file_page(ip->ctr, -1);
      break;
    }
    memcpy(ip->pages[pg] + po, s + done, chunk);
    done += chunk;
  }
  if (off + done > ip->size)
    ip->size = off + done;
  return done ? (int)done : -ENOSPC;
}

// Shrinks (frees whole pages past size, zeroes the tail) or grows a file.
int ramfs_truncate(struct inode *ip, uint32 size) {
  if (size > MAXFILEPAGES * PGSIZE)
    return -EFBIG;
  if (ip->pages && size < ip->size) {
    for (uint32 pg = PGROUNDUP(size) / PGSIZE; pg < MAXFILEPAGES; pg++)
      if (ip->pages[pg]) {
        kfree(ip->pages[pg]);
        ip->pages[pg] = NULL;
        if (ip->ctr)
          container_file_page(ip->ctr, -1);
      }
    if (size % PGSIZE && ip->pages[size / PGSIZE])
      memset(ip->pages[size / PGSIZE] + size % PGSIZE, 0, PGSIZE - size % PGSIZE);
  }
  ip->size = size;
  return 0;
}

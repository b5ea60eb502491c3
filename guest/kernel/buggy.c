// Kernel modules, built in and loaded on request by init_module, and the one
// there is: "buggy", a deliberately broken driver.  Once loaded it arms a
// timer, and on the next tick its handler follows a stale pointer, a store
// to an address nothing maps.  The kernel takes the fault in S-mode, which
// it cannot survive: it prints the oops (trap, pc, address) and stops the
// machine, and with it every process and container on it.  One kernel, one
// fate; a VM has a kernel of its own (docs/host-os.md).
#include "defs.h"
#include "proc.h"
#include "container.h"

struct module {
  const char *name;
  void (*load)(void);
  void (*tick)(void);       // called on every timer tick once loaded
  int loaded;
};

// The device state the driver forgot to allocate: a pointer into the
// unmapped low page, where user null pointers fault too.
struct buggy_device {
  uint32 status, count;
};
static struct buggy_device *volatile buggy_dev = (struct buggy_device *)0x10;

static void buggy_load(void) {
  printf("buggy: loaded, timer armed for the next tick\n");
}

static void buggy_tick(void) {
  buggy_dev->count++;   // the bug: S-mode store page fault at 0x00000014
}

static struct module modules[] = {
  { "buggy", buggy_load, buggy_tick, 0 },
};

void modules_tick(void) {
  for (int i = 0; i < NELEM(modules); i++)
    if (modules[i].loaded && modules[i].tick)
      modules[i].tick();
}

// init_module(name, len, args): the kernel has no loader for module
// images, so the first argument names a built-in module.  Only the host may
// load one: a container shares the kernel, not the right to change it.
long sys_init_module(void) {
  char name[32];
  uint32 len = argraw(1);
  if (curproc->ctr)
    return -EPERM;
  if (len == 0 || len >= sizeof(name))
    return -EINVAL;
  if (copyin(curproc, name, argraw(0), len) < 0)
    return -EFAULT;
  name[len] = 0;
  for (int i = 0; i < NELEM(modules); i++) {
    if (strcmp(modules[i].name, name) != 0)
      continue;
    if (modules[i].loaded)
      return -EEXIST;
    modules[i].loaded = 1;
    modules[i].load();
    return 0;
  }
  return -ENOENT;
}

// /dev/xen/privcmd: how dom0's xl reaches the VMM's domain control, as Linux's
// privcmd driver is the path of Xen's tools to their hypercalls.  The VMM
// takes guest-physical buffers, so user buffers are bounced through a kernel
// page (kernel virtual = physical).  In a domU the VMM answers -EPERM.
#include "hypercall.h"
#include "../../arch.h"
#include "../../defs.h"

// Every pv kernel has the node; the VMM, not the kernel, decides who is dom0.
int arch_privcmd_present(void) {
  return 1;
}

// list: at most `max` entries into the user buffer at `dst`.
static long privcmd_list(struct privcmd_domctl *req, void *page) {
  uint32 max = req->arg[1] < PRIVCMD_MAX_DOMAINS ? req->arg[1] : PRIVCMD_MAX_DOMAINS;
  struct hvret r = hv_call(HV_DOMCTL, DOMCTL_LIST, (uint32)page, max);
  if (r.a0 < 0)
    return r.a0;
  req->value = r.a1;
  uint32 n = r.a1 < max ? r.a1 : max;
  if (copyout(curproc, req->arg[0], page, n * sizeof(struct privcmd_domain_info)) < 0)
    return -EFAULT;
  return 0;
}

// create: the user's struct privcmd_domain_config at arg[0].  A refusal's
// reason, which the VMM wrote into the struct, goes back to the user.
static long privcmd_create(struct privcmd_domctl *req, void *page) {
  uint32 size = sizeof(struct privcmd_domain_config);
  if (copyin(curproc, page, req->arg[0], size) < 0)
    return -EFAULT;
  struct hvret r = hv_call(HV_DOMCTL, DOMCTL_CREATE, (uint32)page, 0);
  req->value = r.a1;
  if (r.a0 < 0 && copyout(curproc, req->arg[0], page, size) < 0)
    return -EFAULT;
  return r.a0;
}

// ioctl(fd, IOCTL_PRIVCMD_DOMCTL, &req) from the current process.
long arch_privcmd_ioctl(uint32 cmd, uint32 arg) {
  struct privcmd_domctl req;
  if (cmd != IOCTL_PRIVCMD_DOMCTL)
    return -ENOTTY;
  if (copyin(curproc, &req, arg, sizeof(req)) < 0)
    return -EFAULT;
  long err;
  if (req.op == DOMCTL_LIST || req.op == DOMCTL_CREATE) {
    void *page = kalloc();
    if (page == NULL)
      return -ENOMEM;
    err = req.op == DOMCTL_LIST ? privcmd_list(&req, page) : privcmd_create(&req, page);
    kfree(page);
  } else {
    struct hvret r = hv_call(HV_DOMCTL, req.op, req.arg[0], req.arg[1]);
    req.value = r.a1;
    err = r.a0;
  }
  if (err == 0 && copyout(curproc, arg, &req, sizeof(req)) < 0)
    return -EFAULT;
  return err;
}

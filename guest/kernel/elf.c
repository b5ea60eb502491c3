// execve: load a static ELF32 RISC-V executable and build its initial stack.
#include <hyperlab/elf.h>
#include "defs.h"
#include "proc.h"
#include "file.h"
#include "abi.h"
#include "memlayout.h"
#include "vm.h"

static uint32 elf_perm(uint32 flags) {
  return ((flags & PF_R) ? PTE_R : 0) | ((flags & PF_W) ? PTE_W : 0) | ((flags & PF_X) ? PTE_X : 0);
}

// Maps and fills one PT_LOAD segment into curproc's (new) address space.
static int load_segment(struct inode *ip, struct elf32_phdr *ph) {
  struct proc *p = curproc;
  uint32 end = ph->vaddr + ph->memsz;
  if (ph->memsz < ph->filesz || end < ph->vaddr || ph->vaddr < USER_BASE || end > HEAP_LIMIT)
    return -ENOEXEC;
  for (uint32 va = PGROUNDDOWN(ph->vaddr); va < end; va += PGSIZE)
    if (uvm_map(p, va, elf_perm(ph->flags)) < 0)
      return -ENOMEM;
  for (uint32 done = 0; done < ph->filesz;) {
    uint32 va = ph->vaddr + done;
    uint32 chunk = PGSIZE - va % PGSIZE;
    if (chunk > ph->filesz - done)
      chunk = ph->filesz - done;
    uint8 *dst = uvm_page(p, va, 0);
    if (dst == NULL || ramfs_readi(ip, dst, ph->offset + done, chunk) != (int)chunk)
      return -ENOEXEC;
    done += chunk;
  }
  if (end > p->heap_start)
    p->heap_start = PGROUNDUP(end);
  return 0;
}

static int load_image(struct inode *ip, uint32 *entry) {
  struct elf32_ehdr eh;
  if (ramfs_readi(ip, &eh, 0, sizeof(eh)) != sizeof(eh) || eh.magic != ELF_MAGIC ||
      eh.ident[0] != ELFCLASS32 || eh.machine != EM_RISCV || eh.type != ET_EXEC ||
      eh.phentsize != sizeof(struct elf32_phdr))
    return -ENOEXEC;
  for (int i = 0; i < eh.phnum; i++) {
    struct elf32_phdr ph;
    if (ramfs_readi(ip, &ph, eh.phoff + i * sizeof(ph), sizeof(ph)) != sizeof(ph))
      return -ENOEXEC;
    if (ph.type != PT_LOAD || ph.memsz == 0)
      continue;
    int r = load_segment(ip, &ph);
    if (r < 0)
      return r;
  }
  *entry = eh.entry;
  return curproc->heap_start ? 0 : -ENOEXEC;
}

// Pushes n bytes onto the new user stack at *sp.
static int push(uint32 *sp, const void *src, uint32 n) {
  *sp -= n;
  return copyout(curproc, *sp, src, n);
}

// Linux initial stack: argc, argv[], NULL, envp[], NULL, auxv, then strings.
static int build_stack(char **argv, int argc, char **envp, int envc, uint32 *spout) {
  uint32 sp = USTACK_TOP, uargv[MAXARG], uenvp[MAXARG];
  for (int i = envc - 1; i >= 0; i--)
    if (push(&sp, envp[i], strlen(envp[i]) + 1) < 0)
      return -ENOMEM;
    else
      uenvp[i] = sp;
  for (int i = argc - 1; i >= 0; i--)
    if (push(&sp, argv[i], strlen(argv[i]) + 1) < 0)
      return -ENOMEM;
    else
      uargv[i] = sp;
  uint32 words = 1 + argc + 1 + envc + 1 + 4;
  sp = (sp - 4 * words) & ~15u;
  uint32 w = sp, zero = 0, aux[4] = { AT_PAGESZ, PGSIZE, AT_NULL, 0 };
  int r = copyout(curproc, w, &argc, 4);
  r |= copyout(curproc, w + 4, uargv, 4 * argc);
  r |= copyout(curproc, w + 4 + 4 * argc, &zero, 4);
  r |= copyout(curproc, w + 8 + 4 * argc, uenvp, 4 * envc);
  r |= copyout(curproc, w + 8 + 4 * (argc + envc), &zero, 4);
  r |= copyout(curproc, w + 12 + 4 * (argc + envc), aux, sizeof(aux));
  *spout = sp;
  return r ? -ENOMEM : 0;
}

static void set_comm(struct proc *p, const char *path) {
  const char *base = path;
  for (const char *s = path; *s; s++)
    if (*s == '/')
      base = s + 1;
  strlcpy(p->comm, base, sizeof(p->comm));
}

// The point of no return: the new image is in place, drop the old one.
static void exec_commit(struct proc *p, pte_t *old, const char *path, uint32 entry, uint32 sp) {
  umhost_release(p);   // a UML kernel's children share the old image's frames
  uvm_free(old);
  set_comm(p, path);
  p->sigign = 0;   // simplification: exec resets every disposition (see docs/lab-os.md)
  for (int fd = 0; fd < NOFILE; fd++)
    if (p->ofile[fd] && p->cloexec[fd]) {
      file_close(p->ofile[fd]);
      p->ofile[fd] = NULL;
    }
  arch_user_frame(p->tf, entry, sp);
}

// Replaces curproc's image with the program at absolute path.  The argument
// strings live in kernel memory.  On failure the old image is untouched.
int exec(const char *path, char **argv, int argc, char **envp, int envc) {
  struct proc *p = curproc;
  struct inode *ip = ramfs_lookup(path);
  if (ip == NULL)
    return -ENOENT;
  if (ip->type != T_FILE)
    return ip->type == T_DIR ? -EISDIR : -EPERM;
  struct proc saved = *p;   // address-space fields to restore on failure
  p->pgdir = uvm_create();
  if (p->pgdir == NULL) {
    p->pgdir = saved.pgdir;
    return -ENOMEM;
  }
  p->heap_start = p->brk = p->npages = 0;
  arch_mmu_switch(p->pgdir);
  uint32 entry, sp = 0;
  int r = load_image(ip, &entry);
  if (r == 0) {
    p->brk = p->heap_start;
    r = build_stack(argv, argc, envp, envc, &sp);
  }
  if (r < 0) {
    arch_mmu_switch(saved.pgdir);
    uvm_free(p->pgdir);
    p->pgdir = saved.pgdir;
    p->heap_start = saved.heap_start, p->brk = saved.brk, p->npages = saved.npages;
    return r;
  }
  exec_commit(p, saved.pgdir, path, entry, sp);
  return 0;
}

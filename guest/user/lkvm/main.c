/* lkvm run [--name NAME] [--mem MIB] [--console DEV] [--stats] [IMAGE]
 *
 * Boots IMAGE (default /boot/kernel.elf), an unmodified lab kernel, as a KVM
 * guest: RAM from this process's heap, a device tree at its top, a0 = hart
 * 0, a1 = the tree, pc = the ELF entry; then KVM_RUN in a loop, emulating
 * the UART and PLIC on MMIO exits, the SBI on SBI exits, and waiting on the
 * console when the guest idles.  The console is DEV (e.g. /dev/ttyS2), or
 * lkvm's own stdin/stdout.  */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <hyperlab/counters.h>
#include "lkvm.h"

#define DEFAULT_IMAGE "/boot/kernel.elf"
#define DEFAULT_MEM_MIB 16
#define MAX_MEM_MIB 256

static struct termios saved_tty;
static int tty_saved;

static void usage(void) {
  fprintf(stderr, "usage: lkvm run [--name NAME] [--mem MIB] [--console DEV] [--stats] [IMAGE]\n");
  exit(2);
}

_Noreturn static void die(const char *what) {
  fprintf(stderr, "lkvm: %s: %s\n", what, strerror(errno));
  exit(1);
}

u8 *guest_ptr(struct vm *vm, u32 gpa, u32 len) {
  u32 off = gpa - GUEST_RAM_BASE;
  if (gpa < GUEST_RAM_BASE || off > vm->ram_size || len > vm->ram_size - off)
    return 0;
  return vm->ram + off;
}

static int open_kvm(void) {
  int fd = open("/dev/kvm", O_RDWR);
  if (fd >= 0)
    return fd;
  if (errno == ENXIO || errno == ENODEV || errno == ENOENT) {
    fprintf(stderr, "lkvm: /dev/kvm: %s — this CPU has no hardware virtualization (H extension); "
                    "try a UML guest or a container\n", strerror(errno));
    exit(1);
  }
  die("/dev/kvm");
}

/* The console passes bytes through untouched both ways: the guest's tty
 * echoes, edits and turns \n into \r\n itself.  */
static void console_raw(int fd) {
  struct termios t;
  if (tcgetattr(fd, &t) < 0)
    return;
  saved_tty = t;
  tty_saved = 1;
  t.c_lflag &= ~(ICANON | ECHO | ECHOE | ECHOK | ISIG);
  t.c_oflag &= ~OPOST;
  t.c_cc[VMIN] = 1;
  tcsetattr(fd, TCSANOW, &t);
}

/* Puts the console back; with --stats, says which exits reached lkvm. */
static void console_restore(struct vm *vm) {
  console_flush(vm);
  if (tty_saved)
    tcsetattr(vm->con_in, TCSANOW, &saved_tty);
  if (vm->stats)
    fprintf(stderr, "lkvm: guest %s exits to lkvm: mmio %u, sbi %u, halt %u, tick %u\n", vm->name,
            vm->mmio_exits, vm->sbi_exits, vm->halt_exits, vm->tick_exits);
}

/* Ctrl-A x ends lkvm from its console, as in QEMU (the guest may have the
 * terminal's ^C); Ctrl-A before anything else is passed on with it.  */
#define ESCAPE 0x01
static int escape_seen;

static void console_input(struct vm *vm, const u8 *buf, int n) {
  for (int i = 0; i < n; i++) {
    if (escape_seen) {
      escape_seen = 0;
      if (buf[i] == 'x') {
        console_restore(vm);
        fprintf(stderr, "\nlkvm: guest %s stopped (Ctrl-A x)\n", vm->name);
        exit(0);
      }
      u8 esc = ESCAPE;
      uart_receive(&esc, 1);
      if (buf[i] == ESCAPE)
        continue;   /* Ctrl-A Ctrl-A: one Ctrl-A for the guest */
    } else if (buf[i] == ESCAPE) {
      escape_seen = 1;
      continue;
    }
    uart_receive(&buf[i], 1);
  }
}

/* Moves waiting console input into the UART; waits up to wait_ns (-1 =
 * until input) for some.  */
static void console_poll(struct vm *vm, s64 wait_ns) {
  struct pollfd p = { vm->con_in, POLLIN, 0 };
  struct timespec64 ts = { wait_ns / 1000000000, wait_ns % 1000000000 };
  int nfds = uart_rx_room() > 0;   /* a full FIFO takes nothing: only wait */
  if (ppoll(&p, nfds, wait_ns < 0 ? 0 : &ts, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
    return;
  u8 buf[64];
  int room = uart_rx_room() < (int)sizeof(buf) ? uart_rx_room() : (int)sizeof(buf);
  ssize_t n = read(vm->con_in, buf, room);
  if (n > 0) {
    console_input(vm, buf, n);
    irq_update(vm);
  }
}

/* The guest idles until its timer deadline: wait for console input until then. */
static void guest_halted(struct vm *vm, u64 deadline) {
  console_flush(vm);
  u64 now = rdtime();
  s64 wait_ns = -1;
  if (deadline != ~0ull)
    wait_ns = deadline > now ? (s64)((deadline - now) * (1000000000ull / GUEST_TIMEBASE)) : 0;
  console_poll(vm, wait_ns);
}

/* One load or store on the guest's bus; anything but the UART and the PLIC
 * reads as 0 and ignores writes, like an empty bus slot.  */
static u32 bus_access(struct vm *vm, u64 addr, int is_write, u32 val) {
  if (addr >= GUEST_UART_BASE && addr - GUEST_UART_BASE < 8) {
    if (!is_write)
      return uart_read(addr - GUEST_UART_BASE);
    uart_write(vm, addr - GUEST_UART_BASE, val);
  } else if (addr >= GUEST_PLIC_BASE && addr - GUEST_PLIC_BASE < GUEST_PLIC_SIZE) {
    if (!is_write)
      return plic_read(addr - GUEST_PLIC_BASE);
    plic_write(addr - GUEST_PLIC_BASE, val);
  }
  return 0;
}

static void mmio(struct vm *vm, struct kvm_run *run) {
  u32 val = 0;
  if (run->mmio.is_write)
    memcpy(&val, run->mmio.data, run->mmio.len);
  val = bus_access(vm, run->mmio.phys_addr, run->mmio.is_write, val);
  if (!run->mmio.is_write)
    memcpy(run->mmio.data, &val, run->mmio.len);
  irq_update(vm);
}

/* The stores the driver queued (the UART's THR) happened before this exit. */
static void coalesced_stores(struct vm *vm, struct kvm_run *run) {
  for (u32 i = 0; i < run->coalesced_count; i++) {
    u32 val = 0;
    memcpy(&val, run->coalesced[i].data, run->coalesced[i].len);
    bus_access(vm, run->coalesced[i].phys_addr, 1, val);
  }
  run->coalesced_count = 0;
}

static int run_loop(struct vm *vm) {
  static struct kvm_run run;
  for (;;) {
    if (ioctl(vm->vcpu_fd, KVM_RUN, &run) < 0 && errno != EINTR)
      die("KVM_RUN");
    coalesced_stores(vm, &run);
    switch (run.exit_reason) {
    case KVM_EXIT_MMIO:
      vm->mmio_exits++;
      mmio(vm, &run);
      break;
    case KVM_EXIT_RISCV_SBI: {
      vm->sbi_exits++;
      int status = sbi_call(vm, &run);
      if (status >= 0)
        return status;
      break;
    }
    case KVM_EXIT_HLT:
      vm->halt_exits++;
      guest_halted(vm, run.hlt.deadline);
      break;
    case KVM_EXIT_INTR:   /* a host tick: look at the console without waiting */
      vm->tick_exits++;
      console_flush(vm);
      console_poll(vm, 0);
      break;
    case KVM_EXIT_INTERNAL_ERROR:
      console_flush(vm);
      fprintf(stderr, "lkvm: guest %s stopped: exit it cannot handle (scause 0x%x, stval 0x%08x, "
              "htval 0x%08x, pc 0x%08x)\n", vm->name, run.internal.data[0], run.internal.data[1],
              run.internal.data[2], run.internal.data[3]);
      return 1;
    default:
      console_flush(vm);
      fprintf(stderr, "lkvm: guest %s: unknown exit reason %u\n", vm->name, run.exit_reason);
      return 1;
    }
  }
}

static void set_reg(struct vm *vm, int index, u32 value) {
  struct kvm_one_reg reg = { KVM_REG_RISCV_CORE_REG(index), (u32)&value };
  if (ioctl(vm->vcpu_fd, KVM_SET_ONE_REG, &reg) < 0)
    die("KVM_SET_ONE_REG");
}

/* Guest RAM: page-aligned heap, faulted in and pinned by the driver. */
static void alloc_ram(struct vm *vm, int kvm_vm_fd, u32 mib) {
  vm->ram_size = mib << 20;
  u8 *heap = sbrk(vm->ram_size + 4096);
  if (heap == (void *)-1) {
    fprintf(stderr, "lkvm: cannot allocate %u MiB of guest RAM\n", mib);
    exit(1);
  }
  vm->ram = (u8 *)(((u32)heap + 4095) & ~4095u);
  struct kvm_userspace_memory_region r = { 0, 0, GUEST_RAM_BASE, vm->ram_size, (u32)vm->ram };
  if (ioctl(kvm_vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0)
    die("KVM_SET_USER_MEMORY_REGION");
}

int main(int argc, char **argv) {
  struct vm vm = { .name = "guest", .vcpu_fd = -1, .con_in = 0, .con_out = 1 };
  const char *image = DEFAULT_IMAGE, *console = 0;
  u32 mib = DEFAULT_MEM_MIB;
  if (argc < 2 || strcmp(argv[1], "run") != 0)
    usage();
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
      vm.name = argv[++i];
    else if (strcmp(argv[i], "--mem") == 0 && i + 1 < argc)
      mib = strtoul(argv[++i], 0, 10);
    else if (strcmp(argv[i], "--console") == 0 && i + 1 < argc)
      console = argv[++i];
    else if (strcmp(argv[i], "--stats") == 0)
      vm.stats = 1;
    else if (argv[i][0] != '-')
      image = argv[i];
    else
      usage();
  }
  if (mib < 8 || mib > MAX_MEM_MIB) {
    fprintf(stderr, "lkvm: --mem %u: between 8 and %u MiB (the kernel loads at 4 MiB)\n", mib,
            MAX_MEM_MIB);
    return 2;
  }
  int kvm = open_kvm();
  int vm_fd = ioctl(kvm, KVM_CREATE_VM, 0);
  if (vm_fd < 0)
    die("KVM_CREATE_VM");
  alloc_ram(&vm, vm_fd, mib);
  /* The guest writes THR once per console byte: queue those, exit for the rest. */
  struct kvm_coalesced_mmio_zone thr = { GUEST_UART_BASE, 1, 0 };
  if (ioctl(vm_fd, KVM_REGISTER_COALESCED_MMIO, &thr) < 0)
    die("KVM_REGISTER_COALESCED_MMIO");
  u32 entry = load_kernel(&vm, image);
  if (entry == 0)
    return 1;
  u32 dtb = write_dtb(&vm);
  vm.vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
  if (vm.vcpu_fd < 0)
    die("KVM_CREATE_VCPU");
  set_reg(&vm, KVM_REG_RISCV_PC, entry);
  set_reg(&vm, KVM_REG_RISCV_A0, 0);
  set_reg(&vm, KVM_REG_RISCV_A1, dtb);
  if (console) {
    vm.con_in = vm.con_out = open(console, O_RDWR);
    if (vm.con_in < 0)
      die(console);
  }
  console_raw(vm.con_in);
  fprintf(stderr, "lkvm: guest %s: %u MiB, %s, console %s (Ctrl-A x ends it)\n", vm.name, mib,
          image, console ? console : "this terminal");
  int status = run_loop(&vm);
  console_restore(&vm);
  return status;
}

/**
 * The physical memory map of a Hyperlab server, compatible with QEMU's `virt` machine so the
 * same images boot on both (QEMU is the correctness oracle). This is the one place the map is
 * written down; the guest's C code and docs/architecture.md must agree with it.
 */
export const MEMORY_MAP = {
  /** sifive_test: write 0x5555 to power off, 0x7777 to reset, (code << 16) | 0x3333 to fail. */
  finisher: { base: 0x0010_0000, size: 0x1000 },
  /** Core-local interruptor: msip, mtimecmp and mtime. */
  clint: { base: 0x0200_0000, size: 0x1_0000 },
  /** Platform-level interrupt controller: two contexts (M, S) per hart. */
  plic: { base: 0x0c00_0000, size: 0x60_0000 },
  /** ns16550a console UART, wired to PLIC source UART0_IRQ. */
  uart0: { base: 0x1000_0000, size: 0x100 },
  /**
   * Host-OS servers only: extra ns16550a ports ttyS1..ttyS8, port n at base + (n - 1) * stride,
   * wired to PLIC source SERIAL_PORT_IRQ_BASE + n - 1. QEMU virt leaves 0x1010_1000-0x1FFF_FFFF
   * unused (fw_cfg ends below, flash starts at 0x2000_0000), and this range is 4 MiB aligned so
   * the kernel maps all eight with one megapage.
   */
  serialPorts: { base: 0x1100_0000, stride: 0x1000, size: 0x100 },
  /** Main memory; its size is a property of each server. */
  ram: { base: 0x8000_0000 },
} as const;

export const UART0_IRQ = 10;

/** ttyS1's PLIC source; ttySn uses SERIAL_PORT_IRQ_BASE + n - 1 (QEMU virt's RTC is 11). */
export const SERIAL_PORT_IRQ_BASE = 12;
export const MAX_SERIAL_PORTS = 8;

/** Virtual timer frequency, as on QEMU virt: mtime counts at 10 MHz. */
export const TIMEBASE_HZ = 10_000_000;

/**
 * Retired instructions per mtime tick. QEMU with `-icount shift=0` retires one instruction per
 * virtual nanosecond, so a 10 MHz timer ticks once per 100 instructions; we keep the same ratio
 * so timing-sensitive guests behave alike on both.
 */
export const INSTRUCTIONS_PER_TICK = 100;

export const PAGE_SIZE = 4096;

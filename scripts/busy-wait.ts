/**
 * The busy-wait figure of `npm run -s bench`: a guest spinning on the `time` CSR, as the SBI
 * test's waits and any udelay do, which reads a counter every few instructions. Counter reads
 * used to leave the engine's hot loop one by one (docs/cpu.md), so such a loop ran at a few
 * MIPS while ordinary code ran at hundreds.
 */

/** Virtual time the guest waits: 20 ms, 2·10^7 instructions at 100 instructions per tick. */
export const BUSY_WAIT_TICKS = 200_000;

const lui = (rd: number, upper: number) => ((upper << 12) | (rd << 7) | 0x37) >>> 0;
const addi = (rd: number, rs1: number, imm: number) =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13) >>> 0;

/**
 * M-mode, loaded at the start of RAM: reads the 64-bit time as the SBI test's `now()` does
 * (timeh, time, timeh again until both agree) until it reaches `ticks`, then powers off through
 * the finisher. Hand-assembled so the bench needs no toolchain.
 */
export function busyWaitImage(ticks = BUSY_WAIT_TICKS): Uint8Array {
  const upper = (ticks + 0x800) >>> 12;
  const T1 = 6;
  const words = [
    0x001002b7, //       lui   t0, 0x100        (the finisher)
    lui(T1, upper), //   lui   t1, %hi(ticks)
    addi(T1, T1, ticks - upper * 4096), // addi t1, t1, %lo(ticks)
    0xc81025f3, // 1:    csrr  a1, timeh
    0xc0102573, //       csrr  a0, time
    0xc8102673, //       csrr  a2, timeh
    0xfec59ae3, //       bne   a1, a2, 1b
    0xfe6568e3, //       bltu  a0, t1, 1b
    0x000053b7, //       lui   t2, 0x5
    0x55538393, //       addi  t2, t2, 0x555
    0x0072a023, //       sw    t2, 0(t0)        (power off)
  ];
  return new Uint8Array(new Uint32Array(words).buffer);
}

type CreateMachine = typeof import('../engine/machine/machine').createMachine;

/** Runs the busy-wait once; its instructions and wall seconds. */
export function runBusyWait(createMachine: CreateMachine): {
  instructions: number;
  seconds: number;
} {
  const machine = createMachine({ memoryMiB: 16, harts: 1 });
  machine.loadImage(busyWaitImage());
  machine.boot();
  const start = performance.now();
  let status = machine.run(1_000_000);
  while (status.kind === 'budget-exhausted') status = machine.run(1_000_000);
  const seconds = (performance.now() - start) / 1000;
  if (status.kind !== 'powered-off' || machine.clock.mtime < BUSY_WAIT_TICKS) {
    throw new Error(
      `the busy-wait ended ${JSON.stringify(status)} at mtime ${machine.clock.mtime}`,
    );
  }
  return { instructions: machine.retired, seconds };
}

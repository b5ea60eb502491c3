import type { VirtualClock } from './clock';
import { MMIO_FAULT, type MmioDevice } from './device';

const MSIP_BASE = 0x0;
const MTIMECMP_BASE = 0x4000;
const MTIME = 0xbff8;

const MSIP = 3;
const MTIP = 7;

const TWO_32 = 0x1_0000_0000;

export interface ClintState {
  msip: number[];
  mtimecmpLo: number[];
  mtimecmpHi: number[];
  mtime: number;
}

/**
 * The core-local interruptor (SiFive CLINT, QEMU virt layout): msip per hart at 4h, mtimecmp per
 * hart at 0x4000 + 8h and mtime at 0xBFF8, each 64-bit value as two 32-bit halves. mtime is the
 * machine's VirtualClock, so time moves only as instructions retire.
 *
 * MTIP is level: high while mtime >= mtimecmp. mtimecmp resets to 0, so MTIP is high from reset
 * until the guest moves mtimecmp on, exactly as on QEMU virt (MTIE is off at reset, so nothing is
 * taken).
 */
export class Clint implements MmioDevice<ClintState> {
  readonly name = 'clint';
  /** Guest accesses, for the lab's MMIO statistics. */
  reads = 0;
  writes = 0;

  private readonly msip: Uint8Array;
  private readonly mtimecmpLo: Uint32Array;
  private readonly mtimecmpHi: Uint32Array;
  /** mtimecmp as one number, for comparisons; exact below 2^53, and far beyond any mtime. */
  private readonly mtimecmp: Float64Array;
  private readonly mtip: Uint8Array;

  /** @param setLine raises or lowers interrupt `bit` of hart `hart`; called on changes only. */
  constructor(
    readonly harts: number,
    private readonly clock: VirtualClock,
    private readonly setLine: (hart: number, bit: number, level: boolean) => void,
  ) {
    this.msip = new Uint8Array(harts);
    this.mtimecmpLo = new Uint32Array(harts);
    this.mtimecmpHi = new Uint32Array(harts);
    this.mtimecmp = new Float64Array(harts);
    this.mtip = new Uint8Array(harts);
  }

  reset(): void {
    for (let hart = 0; hart < this.harts; hart++) {
      this.setMsip(hart, 0);
      this.mtimecmpLo[hart] = 0;
      this.mtimecmpHi[hart] = 0;
      this.mtimecmp[hart] = 0;
    }
    this.update();
  }

  /** Re-evaluates every hart's MTIP against the clock; the machine calls it after time moves. */
  update(): void {
    const now = this.clock.mtime;
    for (let hart = 0; hart < this.harts; hart++) {
      const high = now >= this.mtimecmp[hart] ? 1 : 0;
      if (high !== this.mtip[hart]) {
        this.mtip[hart] = high;
        this.setLine(hart, MTIP, high === 1);
      }
    }
  }

  /** The earliest mtimecmp still in the future, or Infinity when no timer will fire. */
  nextDeadline(): number {
    const now = this.clock.mtime;
    let earliest = Infinity;
    for (let hart = 0; hart < this.harts; hart++) {
      const at = this.mtimecmp[hart];
      // 2^53 and beyond is "never" in practice (and what guests write to disable the timer).
      if (at > now && at < 2 ** 53 && at < earliest) earliest = at;
    }
    return earliest;
  }

  read(offset: number, width: 1 | 2 | 4): number {
    this.reads++;
    if (width !== 4 || (offset & 3) !== 0) return MMIO_FAULT;
    if (offset < MTIMECMP_BASE) {
      const hart = (offset - MSIP_BASE) >>> 2;
      return hart < this.harts ? this.msip[hart] : 0;
    }
    if (offset >= MTIME) {
      const mtime = this.clock.mtime;
      return offset === MTIME ? mtime % TWO_32 : Math.floor(mtime / TWO_32) % TWO_32;
    }
    const hart = (offset - MTIMECMP_BASE) >>> 3;
    if (hart >= this.harts) return 0;
    return offset & 4 ? this.mtimecmpHi[hart] : this.mtimecmpLo[hart];
  }

  write(offset: number, width: 1 | 2 | 4, value: number): boolean {
    this.writes++;
    if (width !== 4 || (offset & 3) !== 0) return false;
    if (offset < MTIMECMP_BASE) {
      const hart = (offset - MSIP_BASE) >>> 2;
      if (hart < this.harts) this.setMsip(hart, value & 1);
      return true;
    }
    if (offset >= MTIME) {
      this.writeMtime(offset === MTIME, value >>> 0);
      return true;
    }
    const hart = (offset - MTIMECMP_BASE) >>> 3;
    if (hart >= this.harts) return true;
    if (offset & 4) this.mtimecmpHi[hart] = value >>> 0;
    else this.mtimecmpLo[hart] = value >>> 0;
    this.mtimecmp[hart] = this.mtimecmpHi[hart] * TWO_32 + this.mtimecmpLo[hart];
    // At once, not at the end of the quantum: a handler that moves mtimecmp clears MTIP before
    // it returns, or it would take the same interrupt again.
    this.update();
    return true;
  }

  snapshot(): ClintState {
    return {
      msip: Array.from(this.msip),
      mtimecmpLo: Array.from(this.mtimecmpLo),
      mtimecmpHi: Array.from(this.mtimecmpHi),
      mtime: this.clock.mtime,
    };
  }

  restore(state: ClintState): void {
    for (let hart = 0; hart < this.harts; hart++) {
      this.setMsip(hart, state.msip[hart]);
      this.mtimecmpLo[hart] = state.mtimecmpLo[hart];
      this.mtimecmpHi[hart] = state.mtimecmpHi[hart];
      this.mtimecmp[hart] = state.mtimecmpHi[hart] * TWO_32 + state.mtimecmpLo[hart];
    }
    this.clock.mtime = state.mtime;
    this.update();
  }

  private setMsip(hart: number, value: number): void {
    if (this.msip[hart] === value) return;
    this.msip[hart] = value;
    this.setLine(hart, MSIP, value === 1);
  }

  private writeMtime(low: boolean, value: number): void {
    const mtime = this.clock.mtime;
    const lo = mtime % TWO_32;
    const hi = Math.floor(mtime / TWO_32) % TWO_32;
    this.clock.mtime = low ? hi * TWO_32 + value : value * TWO_32 + lo;
    this.update();
  }
}

import { INSTRUCTIONS_PER_TICK } from './memory-map';

/**
 * The server's virtual time. It advances only from retired instructions (never the wall clock),
 * so a run with the same image and input is the same every time. `mtime` is a float64 holding an
 * integer, exact up to 2^53 ticks (about 28 years at 10 MHz).
 */
export class VirtualClock {
  mtime = 0;
  private instructionRemainder = 0;

  /** Advances time by `instructions` retired on every hart in parallel (one round). */
  advanceByInstructions(instructions: number): void {
    const total = this.instructionRemainder + instructions;
    const ticks = Math.floor(total / INSTRUCTIONS_PER_TICK);
    this.instructionRemainder = total - ticks * INSTRUCTIONS_PER_TICK;
    this.mtime += ticks;
  }

  /** Jumps forward to `mtime` (used when every hart waits in WFI for a timer). */
  skipTo(mtime: number): void {
    if (mtime > this.mtime) {
      this.mtime = mtime;
      this.instructionRemainder = 0;
    }
  }
}

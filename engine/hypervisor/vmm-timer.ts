import type { Clint } from '../machine/clint';

const CLINT_MSIP = 0x0;
const CLINT_MTIMECMP = 0x4000;
const NEVER = 0xffff_ffff;

/**
 * The VMM's use of the physical CLINT: each hart's `mtimecmp` is the VMM's own timer (slice
 * ends, guests' virtual timers, an idle hart's next look), and each hart's `msip` is a kick that
 * makes the hart exit to the VMM at its next chance (to pick up a woken vCPU, or to inject an
 * interrupt into the one it runs). Guests never reach the CLINT.
 */
export class VmmTimer {
  /** mtimecmp as last programmed per hart, so an unchanged deadline costs no CLINT write. */
  private readonly deadlines: number[];
  /** Harts with a kick on its way. */
  private readonly kicks: boolean[];

  constructor(
    private readonly clint: Clint,
    harts: number,
  ) {
    this.deadlines = new Array<number>(harts).fill(-1);
    this.kicks = new Array<boolean>(harts).fill(false);
  }

  /** Sets `hart`'s timer to absolute mtime `deadline` (Infinity: never). */
  set(hart: number, deadline: number): void {
    if (deadline === this.deadlines[hart]) return;
    this.deadlines[hart] = deadline;
    const at = CLINT_MTIMECMP + 8 * hart;
    // High word first, so no false match happens between the halves.
    this.clint.write(at + 4, 4, NEVER);
    if (deadline === Infinity) {
      this.clint.write(at, 4, NEVER);
      return;
    }
    this.clint.write(at, 4, deadline % 2 ** 32);
    this.clint.write(at + 4, 4, Math.floor(deadline / 2 ** 32));
  }

  /** Raises `hart`'s machine software interrupt. */
  kick(hart: number): void {
    this.kicks[hart] = true;
    this.clint.write(CLINT_MSIP + 4 * hart, 4, 1);
  }

  /** The hart took its kick: lower the line. */
  acknowledge(hart: number): void {
    this.kicks[hart] = false;
    this.clint.write(CLINT_MSIP + 4 * hart, 4, 0);
  }

  kicked(hart: number): boolean {
    return this.kicks[hart];
  }
}

/**
 * One gate for every console of the page: output reaches xterm a few KiB at a time, and the
 * next piece goes only once the previous ones are parsed. xterm parses in its own tasks, up to
 * about 12 ms each per terminal; eight flooding consoles writing freely would fill every frame
 * with parsing. Through the gate the main thread parses one small piece at a time, so input
 * events and frames get in between. The consoles take turns, a piece each, except the one being
 * typed into, which goes first: the echo of a key must not wait behind seven floods.
 */

/** A piece is parsed in well under a frame, even on a slow machine. */
const PIECE_BYTES = 4 * 1024;
/** What may be handed to xterm and not yet parsed, across the page. */
const IN_FLIGHT_BYTES = 8 * 1024;
/**
 * Bytes the page's consoles may take per frame, together. Adapted to the frames measured: a
 * long frame halves it, a smooth one grows it, so on a slow or busy machine the consoles slow
 * down (their guests are held by flow control) rather than the page.
 */
const FRAME_BYTES = { start: 16 * 1024, min: 1024, max: 256 * 1024 };
/** A frame this long or longer is missed; shorter ones let the budget grow. */
const SMOOTH_FRAME_MS = 20;
/**
 * How often a console nobody is typing into takes new output: ten times a second is more than
 * anyone reads a flood at, and each pane then repaints ten times a second instead of sixty.
 */
const UNFOCUSED_REFRESH_MS = 100;
/**
 * A piece this small for the console being typed into goes at once, past the frame's budget and
 * the bytes in flight: it is the echo of a key, and holding it for the next frame would add a
 * frame to what a person feels as typing lag, for a few bytes of parsing.
 */
const ECHO_BYTES = 256;

/** Calls back at the next frame with the time since the previous one (ms). */
export type FrameClock = (callback: (frameMs: number) => void) => void;

/** Frames from requestAnimationFrame, or a timer where there are none (a hidden tab). */
function browserFrames(): FrameClock {
  let last = performance.now();
  return (callback) => {
    let called = false;
    const once = () => {
      if (called) return;
      called = true;
      const now = performance.now();
      callback(now - last);
      last = now;
    };
    requestAnimationFrame(once);
    setTimeout(once, 100);
  };
}

type Write = (bytes: Uint8Array, done: () => void) => void;

/** Whose output a piece is: a terminal, which may say it is the one being typed into. */
export interface Owner {
  readonly focused?: () => boolean;
}

interface Piece {
  readonly owner: Owner;
  readonly write: Write;
  readonly bytes: Uint8Array;
  /** Runs when the batch's last piece is parsed. */
  readonly last: (() => void) | undefined;
}

export class WriteGate {
  /** Pieces waiting, per owner. */
  private readonly queues = new Map<Owner, Piece[]>();
  /** When each owner last had a piece written (a turn number): the longest-waiting goes next. */
  private readonly served = new Map<Owner, number>();
  private turn = 0;
  /** This frame's remaining bytes; Infinity without a frame clock (tests). */
  private budget: number;
  private perFrame = FRAME_BYTES.start;
  private waitingForFrame = false;
  /** Frames seen, and when (frame, time) each unfocused owner last began taking output. */
  private frame = 0;
  private readonly opened = new Map<Owner, { frame: number; time: number }>();

  constructor(
    private readonly frames: FrameClock | null = browserFrames(),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.budget = frames ? this.perFrame : Infinity;
  }
  private readonly inFlight = new Set<Piece>();
  private inFlightBytes = 0;

  /** Queues `bytes` for `write`; `done` runs once all of them are parsed. */
  submit(owner: Owner, write: Write, bytes: Uint8Array, done: () => void): void {
    let queue = this.queues.get(owner);
    if (!queue) this.queues.set(owner, (queue = []));
    for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
      const end = Math.min(bytes.length, start + PIECE_BYTES);
      const last = end === bytes.length ? done : undefined;
      queue.push({ owner, write, bytes: bytes.subarray(start, end), last });
    }
    if (bytes.length === 0) done();
    this.pump();
  }

  /**
   * Forgets everything of `owner` (a terminal going away): its queued pieces are dropped and its
   * pieces in flight no longer count, since a disposed terminal never calls back.
   */
  release(owner: Owner): void {
    this.queues.delete(owner);
    this.served.delete(owner);
    this.opened.delete(owner);
    for (const piece of this.inFlight) {
      if (piece.owner === owner) this.settle(piece);
    }
    this.pump();
  }

  private pump(): void {
    for (;;) {
      const echo = this.echoPiece();
      if (echo) {
        this.write(echo);
        continue;
      }
      if (this.budget <= 0) return this.awaitFrame();
      const next = this.peek();
      if (!next) {
        // Output waits for its console's next refresh: look again at the next frame.
        if (this.queues.size > 0) this.awaitFrame();
        return;
      }
      const room =
        this.inFlightBytes === 0 || this.inFlightBytes + next.bytes.length <= IN_FLIGHT_BYTES;
      if (!room) return;
      this.write(next);
    }
  }

  private write(piece: Piece): void {
    this.budget -= piece.bytes.length;
    this.take(piece.owner);
    this.inFlight.add(piece);
    this.inFlightBytes += piece.bytes.length;
    piece.write(piece.bytes, () => {
      if (!this.inFlight.has(piece)) return;
      this.settle(piece);
      piece.last?.();
      this.pump();
    });
  }

  /** The focused owner's next piece, if it is small enough to be an echo (see ECHO_BYTES). */
  private echoPiece(): Piece | undefined {
    for (const [owner, queue] of this.queues) {
      if (queue.length > 0 && queue[0].bytes.length <= ECHO_BYTES && owner.focused?.()) {
        return queue[0];
      }
    }
    return undefined;
  }

  /** Refills the budget at the next frame, sized by how smooth the last frame was. */
  private awaitFrame(): void {
    if (this.waitingForFrame || !this.frames) return;
    this.waitingForFrame = true;
    this.frames((frameMs) => {
      this.waitingForFrame = false;
      this.frame++;
      const grown = frameMs < SMOOTH_FRAME_MS ? this.perFrame * 1.25 : this.perFrame / 2;
      this.perFrame = Math.min(FRAME_BYTES.max, Math.max(FRAME_BYTES.min, grown));
      this.budget = this.perFrame;
      this.pump();
    });
  }

  /** The next piece to write: the focused owner's first, else the longest-unserved owner's. */
  private peek(): Piece | undefined {
    let next: Piece | undefined;
    let nextServed = Infinity;
    const now = this.now();
    for (const [owner, queue] of this.queues) {
      if (queue.length === 0) continue;
      if (owner.focused?.()) return queue[0];
      if (!this.refreshing(owner, now)) continue;
      const served = this.served.get(owner) ?? -1;
      if (served < nextServed) [next, nextServed] = [queue[0], served];
    }
    return next;
  }

  /**
   * Whether an unfocused owner may take output now: during the frame in which its refresh began,
   * once UNFOCUSED_REFRESH_MS have passed since the last one began. Always, without frames.
   */
  private refreshing(owner: Owner, now: number): boolean {
    if (!this.frames) return true;
    const last = this.opened.get(owner);
    if (last?.frame === this.frame) return true;
    if (last && now - last.time < UNFOCUSED_REFRESH_MS) return false;
    this.opened.set(owner, { frame: this.frame, time: now });
    return true;
  }

  private take(owner: Owner): void {
    const queue = this.queues.get(owner)!;
    queue.shift();
    if (queue.length === 0) this.queues.delete(owner);
    this.served.set(owner, ++this.turn);
  }

  private settle(piece: Piece): void {
    this.inFlight.delete(piece);
    this.inFlightBytes -= piece.bytes.length;
  }
}

/** The page's gate, shared by every console stream. */
export const writeGate = new WriteGate();

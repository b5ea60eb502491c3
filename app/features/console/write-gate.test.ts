import { describe, expect, it } from 'vitest';
import { WriteGate } from './write-gate';

/** A terminal that parses only when told to, recording what it was given. */
function slowTerminal() {
  const given: number[] = [];
  const pending: (() => void)[] = [];
  return {
    given,
    write: (bytes: Uint8Array, done: () => void) => {
      given.push(bytes.length);
      pending.push(done);
    },
    parseOne: () => pending.shift()?.(),
    focused: () => false,
  };
}

describe('WriteGate', () => {
  it('hands a large batch over in pieces, two in flight at most, and says when all are parsed', () => {
    const gate = new WriteGate(null);
    const terminal = slowTerminal();
    let done = false;
    gate.submit(terminal, terminal.write, new Uint8Array(10_000), () => (done = true));
    expect(terminal.given).toEqual([4096, 4096]);
    terminal.parseOne();
    expect(terminal.given).toEqual([4096, 4096, 1808]);
    terminal.parseOne();
    expect(done).toBe(false);
    terminal.parseOne();
    expect(done).toBe(true);
  });

  it('shares the page between consoles in the order their output arrived', () => {
    const gate = new WriteGate(null);
    const a = slowTerminal();
    const b = slowTerminal();
    gate.submit(a, a.write, new Uint8Array(8192), () => {});
    gate.submit(b, b.write, new Uint8Array(100), () => {});
    expect(b.given).toEqual([]);
    a.parseOne();
    expect(b.given).toEqual([100]);
  });

  it('forgets a terminal that goes away, so the others are not held by its silence', () => {
    const gate = new WriteGate(null);
    const gone = slowTerminal();
    const other = slowTerminal();
    gate.submit(gone, gone.write, new Uint8Array(20_000), () => {});
    gate.submit(other, other.write, new Uint8Array(10), () => {});
    expect(other.given).toEqual([]);
    gate.release(gone);
    expect(other.given).toEqual([10]);
    // A late call back from the departed terminal changes nothing.
    gone.parseOne();
    expect(gone.given).toEqual([4096, 4096]);
  });

  it('takes turns between consoles, and puts the focused one first', () => {
    const gate = new WriteGate(null);
    const a = slowTerminal();
    const b = slowTerminal();
    let typing = false;
    const c = { ...slowTerminal(), focused: () => typing };
    gate.submit(a, a.write, new Uint8Array(16_384), () => {});
    gate.submit(b, b.write, new Uint8Array(16_384), () => {});
    gate.submit(c, c.write, new Uint8Array(10), () => {});
    expect([a.given.length, b.given.length, c.given.length]).toEqual([2, 0, 0]);
    a.parseOne();
    expect([a.given.length, b.given.length, c.given.length]).toEqual([2, 1, 0]);
    typing = true;
    a.parseOne();
    expect(c.given).toEqual([10]);
  });

  it('writes only a frame\u2019s budget per frame, less after a long frame', () => {
    const frames: ((frameMs: number) => void)[] = [];
    const gate = new WriteGate((callback) => frames.push(callback));
    const terminal = { ...slowTerminal(), focused: () => true };
    gate.submit(terminal, terminal.write, new Uint8Array(64 * 1024), () => {});
    for (let i = 0; i < 8; i++) terminal.parseOne();
    // 16 KiB this frame: four pieces, then it waits for the next frame.
    expect(terminal.given).toHaveLength(4);
    expect(frames).toHaveLength(1);
    frames.shift()!(50);
    for (let i = 0; i < 8; i++) terminal.parseOne();
    // The frame was long: 8 KiB next.
    expect(terminal.given).toHaveLength(6);
    frames.shift()!(16);
    for (let i = 0; i < 8; i++) terminal.parseOne();
    expect(terminal.given).toHaveLength(9);
  });

  it('writes the echo of a key at once, past a spent frame and a full gate', () => {
    const frames: ((frameMs: number) => void)[] = [];
    const gate = new WriteGate((callback) => frames.push(callback));
    const flood = slowTerminal();
    const typed = { ...slowTerminal(), focused: () => true };
    gate.submit(flood, flood.write, new Uint8Array(64 * 1024), () => {});
    for (let i = 0; i < 8; i++) flood.parseOne();
    expect(frames).toHaveLength(1);
    gate.submit(typed, typed.write, new Uint8Array(1), () => {});
    expect(typed.given).toEqual([1]);
    // A larger batch for the typed-in console is output, not an echo: it waits for the frame.
    gate.submit(typed, typed.write, new Uint8Array(4096), () => {});
    expect(typed.given).toEqual([1]);
  });

  it('lets a console nobody types into take output ten times a second', () => {
    const frames: ((frameMs: number) => void)[] = [];
    let now = 0;
    const gate = new WriteGate(
      (callback) => frames.push(callback),
      () => now,
    );
    const terminal = slowTerminal();
    const nextFrame = () => {
      now += 16;
      frames.shift()!(16);
      for (let i = 0; i < 8; i++) terminal.parseOne();
    };
    gate.submit(terminal, terminal.write, new Uint8Array(12 * 1024), () => {});
    gate.submit(terminal, terminal.write, new Uint8Array(12 * 1024), () => {});
    for (let i = 0; i < 8; i++) terminal.parseOne();
    // Its refresh began at once, and lasts this frame: 16 KiB of budget, four pieces.
    expect(terminal.given).toHaveLength(4);
    for (let frame = 0; frame < 5; frame++) nextFrame();
    expect(terminal.given).toHaveLength(4);
    for (let frame = 0; frame < 2; frame++) nextFrame();
    // 112 ms on: the next refresh takes the rest.
    expect(terminal.given).toHaveLength(6);
  });
});

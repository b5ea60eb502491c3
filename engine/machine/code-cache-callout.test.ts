import { describe, expect, it } from 'vitest';
import { Bus } from './bus';
import { VirtualClock } from './clock';
import { CodeCache, type CodeTranslator } from './code-cache';
import { Hart } from './hart';
import { OP_CALLOUT } from './opcodes';

const RAM = 0x8000_0000;
const CSRW_MSCRATCH_A0 = 0x34051073; // csrrw x0, mscratch, a0
const ADDI_A0_1 = 0x00150513; // addi a0, a0, 1
const SW_A0_0_A1 = 0x00a5a023; // sw a0, 0(a1)
const FENCE_I = 0x0000100f;
const WFI = 0x10500073;

const words = (...w: number[]) => new Uint8Array(Uint32Array.from(w).buffer);

/** A translator that patches every CSR instruction of its pages into a callout, and keeps a log. */
class PatchCsr implements CodeTranslator {
  owner = 0;
  readonly log: string[] = [];
  constructor(private readonly code: CodeCache) {}
  decoded(_hart: Hart, index: number, ramPage: number): void {
    this.log.push(`decoded ${ramPage}`);
    const word = this.code.entries[index + 1];
    if ((word & 0x7f) === 0x73 && ((word >>> 12) & 7) !== 0) this.code.patch(index, this.owner);
  }
  entered(_hart: Hart, _index: number, ramPage: number): void {
    this.log.push(`entered ${ramPage}`);
  }
  dropped(ramPage: number): void {
    this.log.push(`dropped ${ramPage}`);
  }
  flushed(): void {
    this.log.push('flushed');
  }
}

function machine() {
  const bus = new Bus(1 << 16);
  const code = new CodeCache(bus, 8);
  const hart = new Hart(0, bus, new VirtualClock(), code);
  const translator = new PatchCsr(code);
  return { bus, code, hart, translator };
}

describe('CodeCache callouts (binary translation)', () => {
  it('a bare machine has no translator state at all', () => {
    const { code } = machine();
    expect(code.pageOwner).toBeUndefined();
    expect(code.originals).toBeUndefined();
  });

  it('calls the hook instead of the patched instruction, without a trap', () => {
    const { bus, code, hart, translator } = machine();
    translator.owner = code.attach(translator, 0, 1);
    bus.loadBytes(RAM, words(ADDI_A0_1, CSRW_MSCRATCH_A0, ADDI_A0_1, WFI));
    hart.reset(RAM, 0, 0);
    const calls: [number, number, number][] = [];
    hart.callouts = {
      callout(h, owner, index) {
        calls.push([h.pc - RAM, owner, index]);
        expect(code.entries[index] & 0xff).toBe(OP_CALLOUT);
        expect(code.originals?.[index + 1]).toBe(CSRW_MSCRATCH_A0 | 0);
        h.pc += 4;
        return true;
      },
    };
    hart.run(100);
    expect(calls).toEqual([[4, translator.owner, 2]]);
    expect(hart.x[10]).toBe(2);
    expect(hart.readCsr(0x340)).toBe(0); // the hook ran instead of the CSR write
    expect(hart.counters.exceptions.every((n) => n === 0)).toBe(true);
    expect(translator.log).toContain('decoded 0');
    expect(translator.log).toContain('entered 0');
  });

  it('runs the original instruction when the hook declines, or there is none', () => {
    for (const hook of [{ callout: () => false }, undefined]) {
      const { bus, code, hart, translator } = machine();
      translator.owner = code.attach(translator, 0, 1);
      bus.loadBytes(RAM, words(ADDI_A0_1, CSRW_MSCRATCH_A0, ADDI_A0_1, WFI));
      hart.reset(RAM, 0, 0);
      hart.callouts = hook;
      hart.run(100);
      expect(hart.readCsr(0x340)).toBe(1);
      expect(hart.x[10]).toBe(2);
    }
  });

  it('tells the translator when a store overwrites decoded code, and on FENCE.I', () => {
    const { bus, code, hart, translator } = machine();
    translator.owner = code.attach(translator, 0, 1);
    // a1 points at the first instruction: the store rewrites it with a0 (= 0: an illegal word).
    bus.loadBytes(RAM, words(ADDI_A0_1, SW_A0_0_A1, FENCE_I, WFI));
    hart.reset(RAM, 0, RAM);
    hart.run(100);
    expect(translator.log).toContain('dropped 0');
    expect(translator.log).toContain('flushed');
  });

  it('leaves pages it was not given alone, and forgets pages it gave back', () => {
    const { bus, code, hart, translator } = machine();
    translator.owner = code.attach(translator, 1, 1);
    bus.loadBytes(RAM, words(ADDI_A0_1, CSRW_MSCRATCH_A0, WFI));
    hart.reset(RAM, 0, 0);
    hart.run(100);
    expect(translator.log.filter((line) => !line.startsWith('flushed'))).toEqual([]);
    expect(hart.readCsr(0x340)).toBe(1);
    code.detach(translator.owner);
    expect(code.pageOwner?.[1]).toBe(0);
  });
});

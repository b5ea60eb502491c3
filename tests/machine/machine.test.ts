import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMachine, type Machine, type RunStatus } from '../../engine/machine/machine';
import { assemble as assembleRaw } from '../support/rv32';
import { missingTools } from '../support/tools';
import { assemble } from './asm';
import * as programs from './programs';

const skip = missingTools('machine tests', 'clang', 'ld.lld');

function boot(source: string, harts = 1, memoryMiB = 16) {
  const machine = createMachine({ memoryMiB, harts });
  const out: number[] = [];
  machine.setOutput((b) => out.push(b));
  machine.loadImage(readFileSync(assemble(source)));
  machine.boot();
  return { machine, text: () => String.fromCharCode(...out) };
}

/** Runs in slices of `slice` instructions until the machine stops or idles. */
function runToEnd(machine: Machine, slice = 1_000_000, limit = 50_000_000): RunStatus {
  let status: RunStatus;
  do status = machine.run(slice);
  while (
    (status.kind === 'budget-exhausted' || status.kind === 'reset') &&
    machine.retired < limit
  );
  return status;
}

describe.skipIf(skip)('machine', () => {
  it('boots an ELF at its entry in M-mode and powers off through the finisher', () => {
    const { machine, text } = boot(programs.HELLO);
    expect(runToEnd(machine)).toEqual({ kind: 'powered-off', code: 0 });
    expect(text()).toBe('hello\n');
    expect(machine.stats().uart.bytesOut).toBe(6);
    expect(machine.run(100)).toEqual({ kind: 'powered-off', code: 0 }); // stays off
  });

  it('boots a raw binary (no ELF magic) at 0x8000_0000', () => {
    const machine = createMachine({ memoryMiB: 16, harts: 1 });
    const out: number[] = [];
    machine.setOutput((b) => out.push(b));
    const image = machine.loadImage(assembleRaw(programs.HELLO));
    expect(image.format).toBe('raw');
    machine.boot();
    expect(runToEnd(machine)).toEqual({ kind: 'powered-off', code: 0 });
    expect(String.fromCharCode(...out)).toBe('hello\n');
  });

  it('reports a failure with the guest code', () => {
    const { machine } = boot(programs.FAIL_7);
    expect(runToEnd(machine)).toEqual({ kind: 'failed', code: 7 });
  });

  it('returns budget-exhausted after the budget, in whole rounds', () => {
    const { machine } = boot(programs.SPIN);
    expect(machine.run(25_000)).toEqual({ kind: 'budget-exhausted' });
    expect(machine.retired).toBe(30_000);
    expect(machine.stats().mtime).toBe(300);
  });

  it('returns from a trap storm that retires nothing (mtvec at an unmapped address)', () => {
    const { machine } = boot('_start: csrw mtvec, zero\n  .word 0');
    expect(machine.run(100_000)).toEqual({ kind: 'budget-exhausted' });
    expect(machine.stats().exceptions['instruction-access-fault']).toBeGreaterThan(1000);
  });

  it('reports idle when every hart waits in WFI with nothing armed', () => {
    const { machine } = boot(programs.WFI_FOREVER);
    expect(machine.run(1_000_000)).toEqual({ kind: 'idle', inputPending: 0 });
    machine.sendInput(Uint8Array.of(0x41));
    expect(machine.run(1_000_000)).toEqual({ kind: 'idle', inputPending: 1 });
  });

  it('skips time to the timer deadline while the hart waits, and takes the interrupt on time', () => {
    const { machine, text } = boot(programs.TIMER);
    expect(runToEnd(machine)).toEqual({ kind: 'powered-off', code: 0 });
    expect(text()).toBe('T');
    const stats = machine.stats();
    expect(stats.interrupts).toEqual({ 'machine-timer': 1 });
    expect(stats.timeSkips).toBe(1);
    expect(stats.mtime).toBe(1000);
    expect(stats.instructions).toBeLessThan(100);
  });

  it('stops at an mtime limit without passing it while the harts wait', () => {
    const { machine, text } = boot(programs.TICKING_IDLE);
    expect(machine.run(1_000_000, 25_000)).toEqual({ kind: 'budget-exhausted' });
    expect(machine.clock.mtime).toBe(25_000);
    expect(machine.stats().interrupts['machine-timer']).toBe(2);
    expect(machine.run(1_000_000, 25_000)).toEqual({ kind: 'budget-exhausted' });
    expect(machine.clock.mtime).toBe(25_000);
    expect(machine.run(1_000_000, 40_000.7)).toEqual({ kind: 'budget-exhausted' });
    expect(machine.clock.mtime).toBe(40_000);
    expect(machine.stats().interrupts['machine-timer']).toBe(3); // the one due at 40 000 comes next round
    expect(text()).toBe('>');
  });

  it('wakes on console input through the UART, PLIC and MEIP, and goes idle between keystrokes', () => {
    const { machine, text } = boot(programs.ECHO_INTERRUPT);
    expect(machine.run(1_000_000).kind).toBe('idle');
    machine.sendInput(new TextEncoder().encode('hi'));
    expect(machine.run(1_000_000).kind).toBe('idle');
    expect(text()).toBe('hi');
    machine.sendInput(new TextEncoder().encode('!q'));
    expect(runToEnd(machine)).toEqual({ kind: 'powered-off', code: 0 });
    expect(text()).toBe('hi!');
    expect(machine.stats().interrupts['machine-external']).toBeGreaterThanOrEqual(2);
    expect(machine.stats().plicClaims).toBeGreaterThanOrEqual(2);
  });

  it('delivers a long input without losing a byte to a polling guest', () => {
    const { machine, text } = boot(programs.ECHO_POLLING);
    const input = 'x'.repeat(1000) + 'the end';
    machine.sendInput(new TextEncoder().encode(`${input}q`));
    expect(runToEnd(machine)).toEqual({ kind: 'powered-off', code: 0 });
    expect(text()).toBe(input);
  });

  it('keeps input that arrived before the guest reset its FIFO (QEMU would drop it)', () => {
    const { machine, text } = boot(programs.ECHO_POLLING_FIFO);
    machine.sendInput(new TextEncoder().encode('a longer line than sixteen bytes\nq'));
    expect(runToEnd(machine)).toEqual({ kind: 'powered-off', code: 0 });
    expect(text()).toBe('a longer line than sixteen bytes\n');
  });

  it('starts every hart at the entry with a0 = hart id and a1 = the device tree at the top of RAM', () => {
    const { machine, text } = boot(programs.harts(4), 4, 128);
    expect(runToEnd(machine)).toEqual({ kind: 'powered-off', code: 0 });
    expect(machine.dtbAddress).toBe(0x87e0_0000);
    expect(text()).toBe('87e00000\n');
    expect(machine.stats().harts.length).toBe(4);
  });

  it('reboots on the finisher reset, as QEMU does', () => {
    const { machine, text } = boot(programs.RESET_ONCE);
    expect(runToEnd(machine)).toEqual({ kind: 'powered-off', code: 0 });
    expect(text()).toBe('BB');
    expect(machine.stats().resets).toBe(1);
  });

  it('is deterministic: the same program gives the same output and counters, however it is sliced', () => {
    const runs = [1_000_000, 7_777, 123_457].map((slice) => {
      const { machine, text } = boot(programs.TIMERS_AND_IPIS, 2);
      const status = runToEnd(machine, slice);
      return { status, text: text(), stats: machine.stats() };
    });
    expect(runs[0].status).toEqual({ kind: 'powered-off', code: 0 });
    expect(runs[0].stats.interrupts['machine-timer']).toBe(20);
    expect(runs[0].stats.interrupts['machine-software']).toBeGreaterThan(15);
    for (const run of runs.slice(1)) {
      expect(run.text).toBe(runs[0].text);
      expect({ ...run.stats, rounds: 0 }).toEqual({ ...runs[0].stats, rounds: 0 });
    }
  });
});

describe('machine configuration', () => {
  it('refuses memory and hart counts it cannot have', () => {
    expect(() => createMachine({ memoryMiB: 2, harts: 1 })).toThrow(
      /memory must be a whole number of MiB from 4 to 2048, got 2/,
    );
    expect(() => createMachine({ memoryMiB: 16, harts: 9 })).toThrow(
      /harts must be a whole number from 1 to 8, got 9/,
    );
    expect(() => createMachine({ memoryMiB: 16, harts: 1 }).run(1)).toThrow(/has not booted/);
  });
});

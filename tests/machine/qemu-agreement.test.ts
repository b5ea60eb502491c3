import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingTools } from '../support/tools';
import { assemble } from './asm';
import * as programs from './programs';

const REPO = resolve(import.meta.dirname, '../..');

interface Outcome {
  status: number | null;
  stdout: string;
}

/**
 * QEMU with `-icount shift=0`, so its time follows instructions as ours does. Its console goes to
 * a file: read from a pipe, QEMU sometimes loses the last bytes written just before it exits.
 */
function onQemu(image: string, harts: number, input: string): Outcome {
  const outputFile = join(mkdtempSync(join(tmpdir(), 'qemu-out-')), 'console');
  const output = openSync(outputFile, 'w');
  const run = spawnSync(
    'qemu-system-riscv32',
    [
      ...[
        '-M',
        'virt',
        '-bios',
        'none',
        '-display',
        'none',
        '-monitor',
        'none',
        '-serial',
        'stdio',
      ],
      ...['-m', '128M', '-smp', String(harts), '-icount', 'shift=0', '-kernel', image],
    ],
    { input, timeout: 20_000, stdio: ['pipe', output, 'inherit'] },
  );
  closeSync(output);
  return { status: run.status, stdout: readFileSync(outputFile, 'latin1') };
}

function onHyperlab(image: string, harts: number, input: string): Outcome {
  const run = spawnSync(
    join(REPO, 'node_modules/.bin/tsx'),
    [join(REPO, 'scripts/vm.ts'), image, '--harts', String(harts)],
    {
      input,
      timeout: 20_000,
      encoding: 'latin1',
    },
  );
  return { status: run.status, stdout: run.stdout };
}

const skip = missingTools('machine-vs-QEMU agreement', 'clang', 'ld.lld', 'qemu-system-riscv32');

/**
 * The platform against the oracle: each program's console output and exit status must be the
 * same on `qemu-system-riscv32 -M virt -bios none` and on `npm run vm`. The programs touch the
 * UART (polled and by interrupt through the PLIC), the CLINT timer, the finisher (power off, fail,
 * reset) and the boot protocol (a0, a1, the device-tree address).
 *
 * Not compared: a guest that resets its receive FIFO after input is waiting. QEMU then drops
 * whatever reached the UART first (the first byte, depending on host timing); Hyperlab hands
 * those bytes back to the input queue on purpose (see uart16550.ts), which machine.test.ts checks.
 */
describe.skipIf(skip)('the machine agrees with QEMU virt', () => {
  it.each([
    ['hello', programs.HELLO, 1, ''],
    ['fail with code 7', programs.FAIL_7, 1, ''],
    ['polled echo', programs.ECHO_POLLING, 1, 'ab\ncd\nq'],
    ['software interrupt from another hart', programs.CROSS_HART_IPI, 2, ''],
    ['interrupt-driven echo', programs.ECHO_INTERRUPT, 1, 'hello there\nq'],
    ['timer interrupt', programs.TIMER, 1, ''],
    ['reset and reboot', programs.RESET_ONCE, 1, ''],
    ['three harts and the device tree', programs.harts(3), 3, ''],
  ])('%s', (_, source, harts, input) => {
    const image = assemble(source);
    const hyperlab = onHyperlab(image, harts, input);
    expect(hyperlab).toEqual(onQemu(image, harts, input));
  });
});

const U = 0x1000_0000;
const PLIC = 0x0c00_0000;
const CLINT = 0x0200_0000;

/** Device registers after reset and after writes, as the guest reads them. */
// One line per step of the probe reads better than one line per value.
// prettier-ignore
const DEVICE_REGISTERS: readonly programs.Probe[] = [
  // UART after reset: LSR, IIR, MSR, MCR, LCR, IER.
  ['r8', U + 5], ['r8', U + 2], ['r8', U + 6], ['r8', U + 4], ['r8', U + 3], ['r8', U + 1],
  // Enabling the THR-empty interrupt raises it; reading IIR acknowledges it.
  ['w8', U + 1, 0x02], ['r8', U + 2], ['r8', U + 2],
  // FIFO enable shows in IIR's top bits; the divisor latch behind DLAB.
  ['w8', U + 2, 0x01], ['r8', U + 2], ['w8', U + 3, 0x83], ['r8', U + 0], ['r8', U + 1], ['w8', U + 3, 0x03],
  // A transmitted byte: THR empty again at once, and the THRE interrupt pending.
  ['w8', U + 0, 0x58], ['r8', U + 5], ['r8', U + 2], ['r8', U + 2],
  // Scratch, and a 4-byte read of a byte register.
  ['w8', U + 7, 0x5a], ['r8', U + 7], ['r32', U + 4],
  // PLIC: priority masked to 3 bits, source 0 hardwired, threshold masked, nothing to claim.
  ['r32', PLIC + 40], ['w32', PLIC + 40, 0xff], ['r32', PLIC + 40], ['w32', PLIC, 5], ['r32', PLIC],
  ['w32', PLIC + 0x2000, 0xffff_ffff], ['r32', PLIC + 0x2000], ['w32', PLIC + 0x20_0000, 9], ['r32', PLIC + 0x20_0000],
  ['r32', PLIC + 0x1000], ['r32', PLIC + 0x20_0004],
  // The UART's THRE interrupt through the PLIC: pending, MEIP, claim, complete.
  ['w8', U + 0, 0x59], ['r32', PLIC + 0x1000], ['w32', PLIC + 0x20_0000, 0], ['mip'], ['r32', PLIC + 0x20_0004],
  ['r32', PLIC + 0x1000], ['mip'], ['r8', U + 2], ['w32', PLIC + 0x20_0004, 10], ['mip'], ['r32', PLIC + 0x1000],
  // CLINT: msip raises MSIP; mtimecmp reads back; MTIP only once mtimecmp is written and due.
  ['mip'], ['w32', CLINT, 1], ['r32', CLINT], ['mip'], ['w32', CLINT, 0], ['mip'],
  ['r32', CLINT + 0x4000], ['w32', CLINT + 0x4004, 0], ['w32', CLINT + 0x4000, 0x7fff_ffff], ['r32', CLINT + 0x4000],
  ['r32', CLINT + 0x4004], ['mip'], ['w32', CLINT + 0x4000, 0], ['mip'],
  // The finisher reads as zero.
  ['r32', 0x10_0000],
];

describe.skipIf(skip)('device registers agree with QEMU virt', () => {
  it('UART, PLIC, CLINT and finisher, read after reset and after writes', () => {
    const image = assemble(programs.registerProbe(DEVICE_REGISTERS));
    const hyperlab = onHyperlab(image, 1, '');
    const qemu = onQemu(image, 1, '');
    expect(hyperlab.stdout.split('\n')).toEqual(qemu.stdout.split('\n'));
    expect(hyperlab.status).toBe(qemu.status);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packBootModules } from '../../engine/lab/boot-modules';
import { TIMEBASE_HZ } from '../../engine/machine/memory-map';
import { missingTools } from '../support/tools';
import { EngineHost } from './engine-host';

const noToolchain = missingTools('ppoll test program', 'clang', 'ld.lld');

/** tests/host-os/programs/ppolltest.c as a user program of the lab kernel (no libc). */
function buildPpollTest(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'hyperlab-ppoll-'));
  const [object, elf] = [join(dir, 'ppolltest.o'), join(dir, 'ppolltest')];
  execFileSync('clang', [
    ...['--target=riscv32', '-march=rv32ima', '-mabi=ilp32', '-mno-relax', '-O2'],
    ...['-ffreestanding', '-nostdlib', '-nostdlibinc', '-fno-builtin', '-Iguest/include', '-c'],
    ...['tests/host-os/programs/ppolltest.c', '-o', object],
  ]);
  execFileSync('ld.lld', [
    ...['-m', 'elf32lriscv', '--no-relax', '-static', '-T', 'guest/user/user.ld'],
    ...[object, '-o', elf],
  ]);
  return new Uint8Array(readFileSync(elf));
}

describe.skipIf(noToolchain)('ppoll (414) on the lab kernel', () => {
  it('times out, sees data, hang-up, bad descriptors, and input arriving on a serial port', () => {
    const initrd = packBootModules([
      { path: 'boot/ppolltest', data: buildPpollTest(), mode: 0o755 },
    ]);
    const host = new EngineHost('public/images/bare-metal.elf', {
      memoryMiB: 64,
      ports: 2,
      initrd,
    });
    host.runUntil(0, (text) => text.endsWith('$ '));
    host.type(0, '/boot/ppolltest\n');
    host.runUntil(0, (text) => text.includes('waiting on ttyS2\r\n'));
    const before = host.transcripts[0];
    expect(before).toContain('timeout: r=0 waited300=1\r\n');
    expect(before).toContain('data: r=1 revents=1\r\n'); // POLLIN
    expect(before).toContain('hup: r=1 revents=16\r\n'); // POLLHUP: the writer has gone
    expect(before).toContain('nval: r=1 revents=32\r\n'); // POLLNVAL
    // No timeout: it waits, however long, until the port has input.
    const twoSecondsLater = host.machine.clock.mtime + 2 * TIMEBASE_HZ;
    host.runUntil(0, () => host.machine.clock.mtime > twoSecondsLater);
    expect(host.transcripts[0]).not.toContain('tty: r=');
    host.type(2, 'hello\n');
    host.runUntil(0, (text) => text.includes('tty: r=1 revents=1\r\n'));
  });
});

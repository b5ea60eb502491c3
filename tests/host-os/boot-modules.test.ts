import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packBootModules } from '../../engine/lab/boot-modules';
import { bootOnQemu } from '../support/qemu';
import { runScriptedSession } from '../support/serial';
import { missingTools } from '../support/tools';
import { EngineHost } from './engine-host';

const IMAGE = 'public/images/bare-metal.elf';

const INITRD = packBootModules([
  { path: 'images/demo/etc/motd', data: new TextEncoder().encode('from the boot module\n') },
  { path: 'boot/tool.sh', data: new TextEncoder().encode('echo tool\n'), mode: 0o755 },
]);

describe('boot modules and serial ports on the engine', () => {
  it('unpacks the initrd into the root file system and frees its pages', () => {
    const host = new EngineHost(IMAGE, { memoryMiB: 64, initrd: INITRD });
    host.runUntil(0, (text) => text.endsWith('$ '));
    expect(host.transcripts[0]).toMatch(
      new RegExp(`initrd: ${INITRD.length} bytes at 0x83df[0-9a-f]000 unpacked`),
    );
    expect(host.command('cat /images/demo/etc/motd')).toBe('from the boot module\r\n');
    expect(host.command('ls /boot')).toMatch(/tool\.sh/);
    // The archive's pages went back to the allocator: free memory is what a machine without
    // an initrd has, give or take the unpacked files' pages.
    const plain = new EngineHost(IMAGE, { memoryMiB: 64 });
    plain.runUntil(0, (text) => text.endsWith('$ '));
    const free = (h: EngineHost) => Number(/Mem:\s+\d+\s+\d+\s+(\d+)/.exec(h.command('free'))?.[1]);
    expect(free(plain) - free(host)).toBeGreaterThanOrEqual(0);
    expect(free(plain) - free(host)).toBeLessThan(64);
  });

  it('gives the host /dev/ttyS1../dev/ttySn: output reaches the port, input comes from it', () => {
    const host = new EngineHost(IMAGE, { memoryMiB: 64, ports: 3 });
    host.runUntil(0, (text) => text.endsWith('$ '));
    expect(host.transcripts[0]).toContain('serial: ttyS3 at 0x11002000, irq 14');
    expect(host.command('ls /dev')).toMatch(/ttyS1\s+ttyS2\s+ttyS3/);
    host.command('echo to the second port > /dev/ttyS2');
    expect(host.transcripts[2]).toBe('to the second port\r\n');
    expect(host.transcripts[1] + host.transcripts[3]).toBe('');
    // A reader on ttyS2 gets a line typed there, with the port's own echo.
    host.command('cat /dev/ttyS2 > /got &');
    host.type(2, 'typed on ttyS2\n');
    host.runUntil(2, (text) => text.endsWith('typed on ttyS2\r\n'));
    host.command('sleep 1');
    expect(host.command('cat /got')).toBe('typed on ttyS2\r\n');
  });
});

describe('serial port flow control', () => {
  it('loses nothing sent before anyone reads, well past the 512-byte tty buffer', () => {
    const host = new EngineHost(IMAGE, { memoryMiB: 64, ports: 2 });
    host.runUntil(0, (text) => text.endsWith('$ '));
    const lines = Array.from(
      { length: 60 },
      (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(40)}`,
    );
    // The burst arrives while nobody reads ttyS2: the port holds what its tty cannot.
    host.type(2, `${lines.join('\n')}\n`);
    host.command('sleep 1');
    host.command('cat /dev/ttyS2 > /got &');
    host.command('sleep 2');
    const got = host
      .command('cat /got')
      .split('\r\n')
      .filter((line) => line !== '');
    expect(got).toEqual(lines);
  });
});

describe('boot modules on QEMU', () => {
  const skip = missingTools('initrd on QEMU', 'qemu-system-riscv32');
  it.skipIf(skip)(
    'the kernel unpacks what qemu -initrd passes',
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'hyperlab-initrd-')), 'modules.cpio');
      writeFileSync(file, INITRD);
      const result = await runScriptedSession(bootOnQemu(IMAGE, { memoryMiB: 64, initrd: file }), [
        { type: 'cat /images/demo/etc/motd\n' },
        { type: 'poweroff\n', last: true },
      ]);
      expect(result.segments[0]).toMatch(/initrd: \d+ bytes at 0x82000000 unpacked/);
      expect(result.segments[1]).toContain('from the boot module');
      expect(result.exitCode).toBe(0);
    },
    60_000,
  );
});

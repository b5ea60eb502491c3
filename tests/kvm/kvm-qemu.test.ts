import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packBootModules } from '../../engine/lab/boot-modules';
import { bootOnQemu } from '../support/qemu';
import { runScriptedSession } from '../support/serial';
import { missingTools } from '../support/tools';

const noQemu = missingTools('KVM on QEMU', 'qemu-system-riscv32');

describe('KVM on QEMU with the H extension (-cpu rv32,h=true)', () => {
  it.skipIf(noQemu)(
    'boots the lab kernel under lkvm, which answers and powers off',
    async () => {
      const kernel = new Uint8Array(readFileSync('public/images/kernel.elf'));
      const initrd = join(mkdtempSync(join(tmpdir(), 'kvm-')), 'initrd.cpio');
      writeFileSync(initrd, packBootModules([{ path: 'boot/kernel.elf', data: kernel }]));
      const qemu = bootOnQemu('public/images/bare-metal.elf', {
        hypervisorExtension: true,
        initrd,
      });
      const session = await runScriptedSession(qemu, [
        { type: 'lkvm run --mem 16 /boot/kernel.elf\n' },
        { type: 'uname -a\n' },
        { type: 'poweroff\n' },
        { type: 'echo host status $?\n' },
        { type: 'poweroff\n', last: true },
      ]);
      const [boot, guestBoot, uname, guestOff, status] = session.segments.map((s) =>
        s.replace(/\r/g, ''),
      );
      expect(boot).toMatch(/kvm: H extension present, \/dev\/kvm ready/);
      expect(guestBoot).toMatch(/sbi: running on Hyperlab lkvm \(KVM\)/);
      expect(uname).toMatch(/Hyperlab lkvm \(KVM\) riscv32/);
      expect(guestOff).toMatch(/lkvm: guest guest powered off/);
      expect(status).toMatch(/host status 0/);
      expect(session.exitCode).toBe(0);
    },
    120_000,
  );
});

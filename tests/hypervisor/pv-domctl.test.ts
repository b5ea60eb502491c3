import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Domain } from '../../engine/hypervisor/domain';
import { createHypervisorServer } from '../../engine/hypervisor/hypervisor';
import { enableDomainControl } from '../../engine/hypervisor/pv/domain-control';
import { assemble, reportMissingToolchain, toolchain } from '../support/rv32';

/**
 * A pv guest that lists the domains with domctl and pauses the second one, saying "paused"; if
 * domctl is refused with -EPERM it says "refused". Either way it then powers off.
 */
const CONTROLLER = `
  .equ HV, 0x0A485950
  .equ DOMCTL, 16
  .equ CONSOLE_WRITE, 10
  .equ SHUTDOWN, 14
_start:
  li a7, HV
  li a0, 0
  la a1, infos
  li a2, 4
  li a6, DOMCTL
  ecall
  bnez a0, refused
  li t0, 3
  bne a1, t0, crash
  li a0, 2
  la t1, infos
  lw a1, 52(t1)
  li a6, DOMCTL
  ecall
  bnez a0, crash
  la a0, paused
  li a1, 7
  li a6, CONSOLE_WRITE
  ecall
  j off
refused:
  li t0, -1
  bne a0, t0, crash
  la a0, refusal
  li a1, 8
  li a6, CONSOLE_WRITE
  ecall
off:
  li a0, 0
  li a6, SHUTDOWN
  ecall
crash:
  li a0, 2
  li a6, SHUTDOWN
  li a7, HV
  ecall
paused:
  .ascii "paused\\n"
  .byte 0
refusal:
  .ascii "refused\\n"
  .balign 8
infos:
  .zero 208
`;

describe.skipIf(!toolchain.available)('domain control through hypercalls', () => {
  reportMissingToolchain();
  it('lets dom0 list and pause a domain, and refuses a domU with EPERM', () => {
    const server = createHypervisorServer({
      memoryMiB: 96,
      harts: 1,
      hardwareVirtualization: false,
    });
    const program = assemble(CONTROLLER);
    const dom0 = server.createDomain({
      name: 'dom0',
      mode: 'pv',
      memoryMiB: 16,
      image: program,
      privileged: true,
    });
    enableDomainControl(
      server,
      dom0,
      (name) => new Uint8Array(readFileSync(`public/images/${name}`)),
    );
    const guest = server.createDomain({
      name: 'guest',
      mode: 'pv',
      memoryMiB: 32,
      image: new Uint8Array(readFileSync('public/images/kernel-pv.elf')),
    });
    const curious = server.createDomain({
      name: 'curious',
      mode: 'pv',
      memoryMiB: 16,
      image: program,
    });
    const outputs = new Map<Domain, string>();
    for (const d of [dom0, guest, curious]) {
      outputs.set(d, '');
      server.setOutput(d, (byte) => outputs.set(d, outputs.get(d) + String.fromCharCode(byte)));
    }
    for (let i = 0; i < 50 && (dom0.alive || curious.alive); i++) server.run(1_000_000);

    expect(outputs.get(dom0)).toBe('paused\n');
    expect(dom0.haltReason).toBe('powered off');
    expect(guest.state).toBe('paused');
    expect(outputs.get(curious)).toBe('refused\n');
    expect(curious.totals().calls.get('domctl.refused')).toBe(1);
    expect(dom0.totals().calls.get('domctl')).toBe(2);

    // The paused guest was only held: unpaused, it boots to its shell.
    server.unpause(guest);
    for (let i = 0; i < 100 && !outputs.get(guest)?.endsWith('$ '); i++) server.run(2_000_000);
    expect(outputs.get(guest)).toContain('sbi: running on Hyperlab VMM (paravirtualized)');
    expect(outputs.get(guest)?.endsWith('$ ')).toBe(true);
  }, 60_000);
});

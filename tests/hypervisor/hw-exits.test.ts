import { describe, expect, it } from 'vitest';
import { createHypervisorServer } from '../../engine/hypervisor/hypervisor';
import { assemble, reportMissingToolchain, toolchain } from '../support/rv32';

reportMissingToolchain();

/** Ends the guest with SBI SRST shutdown (its registers are then the vCPU's saved context). */
const SHUTDOWN = `
  li a7, 0x53525354
  li a6, 0
  li a0, 0
  li a1, 0
  ecall
`;

/** Runs a small VS-mode program alone on a one-hart server with the H extension. */
function runGuest(source: string) {
  const server = createHypervisorServer({ memoryMiB: 16, harts: 1, hardwareVirtualization: true });
  const domain = server.createDomain({
    name: 'probe',
    mode: 'hw',
    memoryMiB: 8,
    image: assemble(source),
  });
  let output = '';
  server.setOutput(domain, (byte) => (output += String.fromCharCode(byte)));
  const status = server.run(50_000_000);
  const [vcpu] = domain.vcpus;
  return { server, domain, vcpu, status, output, x: vcpu.context.x, totals: domain.totals() };
}

describe.skipIf(!toolchain.available)('what a hw guest exits for, one exit at a time', () => {
  it('emulates UART loads and stores, and gives an access fault for a hole in its memory map', () => {
    const { domain, output, x, totals, server } = runGuest(`
_start:
  la t0, trap
  csrw stvec, t0
  li t0, 0x10000000
  li t1, 'A'
  sb t1, 0(t0)
  lbu s2, 5(t0)
hole:
  li t2, 0x20000000
  lw t3, 0(t2)
  j .
trap:
  csrr s0, scause
  csrr s1, stval
  csrr s3, sepc
  la s4, hole
${SHUTDOWN}`);
    expect(output).toBe('A');
    expect(domain.haltReason).toBe('powered off');
    expect(totals.mmio.toJSON()).toEqual({ uart0: 2 });
    // LSR: transmitter empty (THRE and TEMT), as the UART model says after a write.
    expect(x[18] & 0x60).toBe(0x60);
    // The hole was injected as the load access fault its hardware would raise, at the lw.
    expect(x[8]).toBe(5);
    expect(x[9] >>> 0).toBe(0x2000_0000);
    expect(x[19]).toBe(x[20] + 4);
    expect(totals.reflected.toJSON()).toEqual({ 'load-access-fault': 1 });
    expect(server.trace.recent().some((e) => e.kind === 'refused')).toBe(true);
    // The guest's own CSR accesses and its trap into stvec never left it.
    expect(totals.exits.get('illegal-instruction')).toBe(0);
    expect(totals.emulated.total()).toBe(0);
  });

  it('blocks on WFI until its SBI timer fires, then sees STIP through hvip', () => {
    const { domain, x, totals } = runGuest(`
_start:
  li t0, 0x20
  csrw sie, t0
  rdtime a0
  addi a0, a0, 1000
  li a1, 0
  li a7, 0x54494D45
  li a6, 0
  ecall
  wfi
  csrr s0, sip
${SHUTDOWN}`);
    expect(domain.haltReason).toBe('powered off');
    expect(totals.emulated.toJSON()).toEqual({ wfi: 1 });
    expect(totals.injected.toJSON()).toEqual({ 'virtual-supervisor-timer': 1 });
    expect(x[8] & 0x20).toBe(0x20); // STIP, read through sip in VS-mode
    expect(totals.calls.toJSON()).toMatchObject({ set_timer: 1, system_reset: 1 });
  });

  it('turns a supervisor instruction from its user mode into an illegal instruction', () => {
    const { domain, x, totals } = runGuest(`
_start:
  la t0, trap
  csrw stvec, t0
  la t0, user
  csrw sepc, t0
  li t0, 0x100
  csrc sstatus, t0
  sret
user:
  csrr t1, sstatus
  j .
trap:
  csrr s0, scause
  csrr s1, stval
${SHUTDOWN}`);
    expect(domain.haltReason).toBe('powered off');
    expect(totals.exits.get('virtual-instruction')).toBe(1);
    expect(totals.reflected.toJSON()).toEqual({ 'illegal-instruction': 1 });
    expect(x[8]).toBe(2);
    expect(x[9] >>> 0).toBe(0x1000_2373); // csrr t1, sstatus
  });
});

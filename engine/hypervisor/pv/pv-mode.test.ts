import { describe, expect, it } from 'vitest';
import { CodeCache } from '../../machine/code-cache';
import { VirtualClock } from '../../machine/clock';
import { Bus } from '../../machine/bus';
import * as C from '../../machine/csr';
import { Hart } from '../../machine/hart';
import { Domain } from '../domain';
import { handleExit, type ExitContext, type VmmServices } from '../exits';
import { GuestMemory } from '../guest-memory';
import { VmmMemory } from '../vmm-memory';
import { VPRIV_S, VPRIV_U } from '../vcpu';
import * as A from './abi';
import { PvMode } from './pv-mode';

const MiB = 1024 * 1024;
const SHARED = 0x8010_0000;
const ENTRY = 0x8040_0100;

/** A pv domain of 8 MiB whose vCPU is loaded on a hart, with trap entry and shared page set. */
function setup(privileged = false) {
  const bus = new Bus(16 * MiB);
  const hart = new Hart(0, bus, new VirtualClock(), new CodeCache(bus));
  const vmm = new VmmMemory(bus, bus.ramBase, 4 * MiB);
  const memory = new GuestMemory(bus, bus.ramBase + 4 * MiB, 8 * MiB);
  const config = {
    name: 't',
    mode: 'pv' as const,
    vcpus: 1,
    memoryMiB: 8,
    image: new Uint8Array(0),
    weight: 256,
    cap: 0,
    privileged,
  };
  const domain = new Domain(
    1,
    config,
    memory,
    (d) => new PvMode(d, vmm),
    () => {},
  );
  const mode = domain.mode as PvMode;
  const vcpu = domain.vcpus[0];
  const charged: string[] = [];
  const services: VmmServices = {
    charge: (_hart, event) => charged.push(event),
    trace: () => {},
    sbi: () => ({ name: 'none', error: -2, value: 0, legacy: false }),
    memory: vmm,
    now: () => 0x1_2345_6789,
  };
  const context: ExitContext = { hart, vcpu, domain, vmm: services };
  mode.boot(vcpu, 0x8040_0000, 0x8070_0000);
  mode.enter(vcpu, hart);
  const call = (nr: A.HypercallName, ...args: number[]) => {
    hart.x[17] = A.HV_MAGIC;
    hart.x[16] = A.hypercallNumber(nr);
    args.forEach((v, i) => (hart.x[10 + i] = v));
    return handleExit(context, { kind: 'ecall', from: vcpu.context.vpriv });
  };
  hart.pc = 0x8040_1000;
  call('register_shared_page', SHARED);
  call('set_trap_table', ENTRY);
  const shared = (offset: number) => memory.read32(SHARED + offset) >>> 0;
  return { hart, mode, vcpu, memory, context, call, shared, charged };
}

describe('PvMode', () => {
  it('answers a hypercall in a0/a1/a2 and steps past the ecall', () => {
    const { hart, call, vcpu, charged } = setup();
    hart.pc = 0x8040_2000;
    expect(call('get_time')).toEqual({ kind: 'resume' });
    expect(hart.pc).toBe(0x8040_2004);
    expect([hart.x[10], hart.x[11] >>> 0, hart.x[12]]).toEqual([0, 0x2345_6789, 1]);
    expect(vcpu.counters.calls.get('get_time')).toBe(1);
    expect(charged).toContain('hypercall');
  });

  it('answers an unknown hypercall with -ENOSYS', () => {
    const { hart, context, vcpu } = setup();
    hart.x[17] = A.HV_MAGIC;
    hart.x[16] = 99;
    handleExit(context, { kind: 'ecall', from: VPRIV_S });
    expect(hart.x[10]).toBe(-A.ENOSYS);
    expect(vcpu.counters.calls.get('unknown_hypercall.refused')).toBe(1);
  });

  it('delivers a trap from user mode on the kernel stack and returns with iret', () => {
    const { hart, vcpu, memory, context, call, shared } = setup();
    memory.write32(SHARED + A.SH_KERNEL_SP, 0x8050_0000);
    vcpu.context.vpriv = VPRIV_U;
    hart.pc = 0x0001_0040;
    hart.x[2] = 0x7fff_0000;
    handleExit(context, { kind: 'page-fault', access: 2, va: 0x1234 });
    expect(hart.pc).toBe(ENTRY);
    expect(hart.x[2] >>> 0).toBe(0x8050_0000);
    expect(vcpu.context.vpriv).toBe(VPRIV_S);
    expect([shared(A.SH_CAUSE), shared(A.SH_EPC), shared(A.SH_TVAL), shared(A.SH_STATUS)]).toEqual([
      C.CAUSE_STORE_PAGE_FAULT,
      0x0001_0040,
      0x1234,
      0,
    ]);
    expect(shared(A.SH_SP)).toBe(0x7fff_0000);
    expect(shared(A.SH_MASK)).toBe(1);
    expect(hart.readCsr(C.CSR_SATP) >>> 0).toBe(vcpu.context.satpS);

    memory.write32(SHARED + A.SH_A6, 6);
    memory.write32(SHARED + A.SH_A7, 7);
    call('iret');
    expect(hart.pc).toBe(0x0001_0040);
    expect(vcpu.context.vpriv).toBe(VPRIV_U);
    expect([hart.x[16], hart.x[17]]).toEqual([6, 7]);
    expect(shared(A.SH_MASK)).toBe(0);
    expect(hart.readCsr(C.CSR_SATP) >>> 0).toBe(vcpu.context.satpU);
  });

  it('holds a virtual interrupt while masked and delivers it once unmasked', () => {
    const { hart, vcpu, memory, context, mode, shared } = setup();
    memory.write32(SHARED + A.SH_MASK, 1);
    vcpu.context.csr.lines |= C.MIP_STIP;
    hart.pc = 0x8040_3000;
    expect(mode.injectPending(context)).toBe(false);
    expect(shared(A.SH_PENDING)).toBe(1 << A.HV_VIRQ_TIMER);
    expect(mode.wantsWake(vcpu)).toBe(true);
    memory.write32(SHARED + A.SH_MASK, 0);
    expect(mode.injectPending(context)).toBe(true);
    expect(shared(A.SH_CAUSE)).toBe((0x8000_0000 | A.HV_VIRQ_TIMER) >>> 0);
    expect(shared(A.SH_STATUS)).toBe(A.HV_STATUS_KERNEL);
    expect(hart.pc).toBe(ENTRY);
    expect(vcpu.counters.injected.get('supervisor-timer')).toBe(1);
  });

  it('clears a pending timer on set_timer, blocks when nothing is pending', () => {
    const { vcpu, call, shared } = setup();
    vcpu.context.csr.lines |= C.MIP_STIP;
    call('set_timer', 0x100, 0);
    expect(shared(A.SH_PENDING) & (1 << A.HV_VIRQ_TIMER)).toBe(0);
    expect(vcpu.context.timerDeadline).toBe(0x100);
    expect(call('block')).toEqual({ kind: 'block' });
  });

  it('writes at most a page of console output per call and says how much', () => {
    const { hart, call, context } = setup();
    let written = 0;
    context.domain.setOutput(() => written++);
    call('console_write', 0x8020_0000, 10_000);
    expect([hart.x[10], hart.x[11]]).toEqual([0, 4096]);
    expect(written).toBe(4096);
    call('console_write', 0x807f_f800, 0x1000); // runs past the end of its RAM
    expect(hart.x[10]).toBe(-A.EFAULT);
  });

  it('refuses domctl to a domU with EPERM, and counts it', () => {
    const { hart, call, vcpu } = setup();
    call('domctl', 0, SHARED, 1);
    expect(hart.x[10]).toBe(-A.EPERM);
    expect(vcpu.counters.calls.get('domctl.refused')).toBe(1);
  });

  it('reflects a user ecall to the guest kernel, whatever a7 holds', () => {
    const { hart, vcpu, context, shared } = setup();
    vcpu.context.vpriv = VPRIV_U;
    hart.x[17] = A.HV_MAGIC;
    hart.pc = 0x0001_0000;
    handleExit(context, { kind: 'ecall', from: VPRIV_U });
    expect(shared(A.SH_CAUSE)).toBe(C.CAUSE_ECALL_U);
    expect(hart.pc).toBe(ENTRY);
    expect(vcpu.counters.calls.total()).toBe(2); // only the two set-up hypercalls
  });
});

import * as C from '../../machine/csr';
import { BLOCK, RESUME, type ExitContext, type ExitOutcome } from '../exits';
import { VPRIV_S, VPRIV_U } from '../vcpu';
import * as A from './abi';
import { runDomctl } from './domctl';
import type { PvMode, PvVcpu } from './pv-mode';

const TWO_32 = 2 ** 32;
const PAGE = 4096;
/** console_write and console_read move at most a page per call; a1 says how many bytes went. */
const CONSOLE_MAX = PAGE;

/** What a hypercall handler returns: [a0, a1, a2] to write back, or an outcome it set up itself. */
type Answer = readonly [number, number?, number?] | { readonly outcome: ExitOutcome };

interface Call {
  readonly mode: PvMode;
  readonly context: ExitContext;
  readonly state: PvVcpu;
  /** a0..a5 as unsigned words. */
  readonly args: readonly number[];
}

type Handler = (call: Call) => Answer;

/**
 * Answers the hypercall the guest kernel made (a7 = HV_MAGIC, a6 = number): counts it by name,
 * charges its price, runs it and writes a0 (0 or -errno), a1 and a2 back, then steps past the
 * ecall. `iret`, `block`, `yield` and `shutdown` leave the vCPU elsewhere and say how.
 */
export function runHypercall(mode: PvMode, context: ExitContext): ExitOutcome {
  const { hart, vcpu } = context;
  const x = hart.x;
  const nr = x[16] >>> 0;
  const name = A.HYPERCALLS[nr] as A.HypercallName | undefined;
  context.vmm.charge(hart, 'hypercall');
  vcpu.counters.calls.add(name ?? 'unknown_hypercall');
  const call: Call = {
    mode,
    context,
    state: mode.vcpus[vcpu.id],
    args: [x[10] >>> 0, x[11] >>> 0, x[12] >>> 0, x[13] >>> 0, x[14] >>> 0, x[15] >>> 0],
  };
  const pc = hart.pc;
  hart.pc = (pc + 4) >>> 0; // the usual return point; iret and delivery move it again
  const answer = name === undefined ? ([-A.ENOSYS] as const) : HANDLERS[name](call);
  if ('outcome' in answer) return answer.outcome;
  const [a0, a1, a2] = answer;
  if (a0 < 0) vcpu.counters.calls.add(`${name ?? 'unknown_hypercall'}.refused`);
  x[10] = a0;
  if (a1 !== undefined) x[11] = a1;
  if (a2 !== undefined) x[12] = a2;
  return RESUME;
}

const HANDLERS: Readonly<Record<A.HypercallName, Handler>> = {
  set_trap_table({ state, args: [entry] }) {
    if (entry % 4 !== 0 || entry === 0) return [-A.EINVAL];
    state.entry = entry;
    return [0];
  },

  register_shared_page({ mode, state, args: [gpa] }) {
    if (gpa % PAGE !== 0) return [-A.EINVAL];
    if (!mode.domain.memory.contains(gpa, PAGE)) return [-A.EFAULT];
    state.shared = gpa;
    return [0];
  },

  iret({ mode, context, state }) {
    if (state.entry === 0 || state.shared < 0) return [-A.EINVAL];
    const { hart } = context;
    const status = mode.sharedWord(state, A.SH_STATUS);
    hart.pc = mode.sharedWord(state, A.SH_EPC) >>> 0;
    hart.x[16] = mode.sharedWord(state, A.SH_A6);
    hart.x[17] = mode.sharedWord(state, A.SH_A7);
    mode.domain.memory.write32(
      state.shared + A.SH_MASK,
      (status & A.HV_STATUS_MASKED) !== 0 ? 1 : 0,
    );
    mode.setPrivilege(context, (status & A.HV_STATUS_KERNEL) !== 0 ? VPRIV_S : VPRIV_U);
    return { outcome: RESUME };
  },

  mmu_update({ mode, context, args: [list, count] }) {
    if (count > A.MMU_UPDATE_MAX) return [-A.EINVAL, 0];
    const memory = mode.domain.memory;
    if (!memory.contains(list, 8 * count) || list % 4 !== 0) return [-A.EFAULT, 0];
    for (let i = 0; i < count; i++) {
      const error = mode.mmu.update(
        memory.read32(list + 8 * i) >>> 0,
        memory.read32(list + 8 * i + 4),
      );
      if (error !== 0) {
        context.vmm.trace(context.vcpu, 'mmu_update refused', `entry ${i}: errno ${-error}`);
        return [error, i];
      }
    }
    return [0, count];
  },

  new_baseptr({ mode, context, args: [root] }) {
    if (mode.mmu.root(root) === undefined) return [-A.EINVAL];
    mode.setRoot(context, root);
    return [0];
  },

  pin_table({ mode, args: [gpa, level] }) {
    return [mode.mmu.pin(gpa, level)];
  },

  unpin_table({ mode, context, args: [gpa] }) {
    const error = mode.mmu.unpin(gpa, (root) => mode.isLive(root.gpa));
    if (error === 0) context.hart.tlb.flush(); // no translation through a freed table survives
    return [error];
  },

  flush_tlb({ context, args: [va, all] }) {
    if (all !== 0) context.hart.tlb.flush();
    else context.hart.tlb.flushPage(va >>> 12);
    return [0];
  },

  set_timer({ mode, context, state, args: [lo, hi] }) {
    const vcontext = context.vcpu.context;
    vcontext.timerDeadline = lo === 0xffff_ffff && hi === 0xffff_ffff ? Infinity : hi * TWO_32 + lo;
    vcontext.csr.lines &= ~C.MIP_STIP;
    if (state.shared >= 0) {
      const pending = mode.sharedWord(state, A.SH_PENDING) & ~(1 << A.HV_VIRQ_TIMER);
      mode.domain.memory.write32(state.shared + A.SH_PENDING, pending);
    }
    return [0];
  },

  get_time({ context }) {
    const now = context.vmm.now();
    return [0, (now % TWO_32) | 0, Math.floor(now / TWO_32) | 0];
  },

  console_write({ mode, args: [gpa, length] }) {
    // At most a page per call, so no guest can hold the VMM for long; a1 says how much went.
    const bytes = mode.domain.memory.readBytes(gpa, Math.min(length, CONSOLE_MAX));
    if (bytes === undefined) return [-A.EFAULT, 0];
    for (const byte of bytes) mode.domain.output(byte);
    return [0, bytes.length];
  },

  console_read({ mode, args: [gpa, length] }) {
    if (!mode.domain.memory.contains(gpa, Math.max(length, 1))) return [-A.EFAULT, 0];
    const uart = mode.domain.devices.uart;
    const count = Math.min(length, CONSOLE_MAX, uart.pendingInput());
    const bytes = new Uint8Array(count);
    for (let i = 0; i < count; i++) bytes[i] = uart.read(0, 1); // RBR: the next byte typed
    mode.domain.memory.writeBytes(gpa, bytes);
    return [0, count];
  },

  yield({ context }) {
    context.hart.x[10] = 0;
    return { outcome: { kind: 'yield' } };
  },

  block({ mode, context }) {
    context.hart.x[10] = 0;
    return { outcome: mode.wantsWake(context.vcpu) ? RESUME : BLOCK };
  },

  shutdown({ args: [reason] }) {
    const how =
      reason === A.HV_SHUTDOWN_REBOOT
        ? 'reboot'
        : reason === A.HV_SHUTDOWN_CRASH
          ? 'failure'
          : 'shutdown';
    return { outcome: { kind: 'shutdown', how } };
  },

  vcpu_info({ mode, context, args: [gpa] }) {
    const { hart, vcpu } = context;
    const domain = mode.domain;
    const bytes = new Uint8Array(A.VCPU_INFO_BYTES);
    const view = new DataView(bytes.buffer);
    const instret = hart.readCsr(C.CSR_MINSTRETH) * TWO_32 + hart.readCsr(C.CSR_MINSTRET);
    const cycles = hart.readCsr(C.CSR_MCYCLEH) * TWO_32 + hart.readCsr(C.CSR_MCYCLE);
    [
      domain.id,
      vcpu.id,
      domain.vcpus.length,
      domain.config.privileged ? A.HV_VCPU_DOM0 : 0,
    ].forEach((w, k) => view.setUint32(4 * k, w >>> 0, true));
    view.setBigUint64(16, BigInt(instret), true);
    view.setBigUint64(24, BigInt(cycles), true);
    return [domain.memory.writeBytes(gpa, bytes) ? 0 : -A.EFAULT];
  },

  domctl({ mode, args: [op, a1, a2, a3] }) {
    if (!mode.domain.config.privileged) return [-A.EPERM, 0];
    if (mode.control === undefined) return [-A.ENOSYS, 0];
    return runDomctl(mode.control, mode.domain.memory, op, [a1, a2, a3]);
  },
};

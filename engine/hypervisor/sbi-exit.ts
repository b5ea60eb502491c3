import { RESUME, retireEmulated, type ExitContext, type ExitOutcome } from './exits';
import type { SbiResult } from './vmm-sbi';

/**
 * Answers the SBI call a vCPU made with ecall from virtual S-mode (a7 extension, a6 function,
 * a0..a5 arguments): the VMM's answer goes to a0 (error) and, unless the call is a legacy one,
 * a1 (value). The caller moves past the ecall and counts the call as its mode does.
 */
export function answerSbiCall(context: ExitContext): SbiResult {
  const x = context.hart.x;
  const result = context.vmm.sbi(context, {
    eid: x[17] >>> 0,
    fid: x[16] >>> 0,
    args: [x[10] >>> 0, x[11] >>> 0, x[12] >>> 0, x[13] >>> 0, x[14] >>> 0, x[15] >>> 0],
  });
  x[10] = result.error;
  if (!result.legacy) x[11] = result.value;
  return result;
}

/** What follows an answered call: the domain ends or restarts if it asked to (SRST), else runs on. */
export function afterSbiCall(result: SbiResult): ExitOutcome {
  return result.reset ? { kind: 'shutdown', how: result.reset } : RESUME;
}

/**
 * An SBI call the VMM emulates in place of the firmware (full, bt, hw): answered, the ecall
 * retired, counted by name and priced as a hypercall.
 */
export function emulateSbiCall(context: ExitContext): ExitOutcome {
  const { hart, vcpu, vmm } = context;
  const result = answerSbiCall(context);
  retireEmulated(hart);
  vcpu.counters.calls.add(result.name);
  vmm.charge(hart, 'hypercall');
  return afterSbiCall(result);
}

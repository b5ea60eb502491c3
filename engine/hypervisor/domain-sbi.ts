import * as C from '../machine/csr';
import type { Domain } from './domain';
import type { Vcpu } from './vcpu';
import { handleSbiCall, type SbiCall, type SbiResult } from './vmm-sbi';

const UART_LSR = 5;
const UART_RBR = 0;
const LSR_DATA_READY = 1;

/**
 * Answers an SBI call of `vcpu` for its domain: the console is the domain's (output to its sink,
 * input from its virtual UART), the timer is the vCPU's virtual timer, IPIs raise virtual SSIP.
 * `notify` tells the VMM a vCPU has a new pending interrupt (to wake or kick it).
 */
export function answerSbi(
  domain: Domain,
  vcpu: Vcpu,
  call: SbiCall,
  now: number,
  notify: (target: Vcpu) => void,
): SbiResult {
  const uart = domain.devices.uart;
  return handleSbiCall(call, {
    implName: domain.mode.sbiName,
    memory: domain.memory,
    vcpus: domain.vcpus.length,
    vcpu: vcpu.id,
    consoleWrite: (bytes) => bytes.forEach((b) => domain.output(b)),
    consoleRead: (max) => {
      const got: number[] = [];
      while (got.length < max && (uart.read(UART_LSR, 1) & LSR_DATA_READY) !== 0)
        got.push(uart.read(UART_RBR, 1));
      return Uint8Array.from(got);
    },
    setTimer: (deadline) => {
      const context = vcpu.context;
      context.csr.lines &= ~C.MIP_STIP;
      context.timerDeadline = deadline;
      if (deadline <= now) {
        context.timerDeadline = Infinity;
        context.csr.lines |= C.MIP_STIP;
      }
    },
    sendIpi: (target) => {
      const other = domain.vcpus[target];
      other.context.csr.sip |= C.MIP_SSIP;
      notify(other);
    },
  });
}

import { readFileSync } from 'node:fs';
import { buildDeviceTree } from '../../engine/machine/device-tree';
import { hasElfMagic, parseElf32 } from '../../engine/machine/elf';
import type { Hart } from '../../engine/machine/hart';
import { createMachine } from '../../engine/machine/machine';
import { INSTRUCTIONS_PER_TICK } from '../../engine/machine/memory-map';
import * as C from '../../engine/machine/csr';
import { Domain, type DomainConfig } from '../../engine/hypervisor/domain';
import {
  exitFromTrap,
  handleExit,
  type ExitContext,
  type ExitOutcome,
  type VmmServices,
} from '../../engine/hypervisor/exits';
import { GUEST_RAM_BASE, GuestMemory } from '../../engine/hypervisor/guest-memory';
import { FLAT_PRICES } from '../../engine/hypervisor/prices';
import { VmmMemory } from '../../engine/hypervisor/vmm-memory';
import { handleSbiCall } from '../../engine/hypervisor/vmm-sbi';
import type { ModeHandler } from '../../engine/hypervisor/exits';
import { PvMode } from '../../engine/hypervisor/pv/pv-mode';
import type { SerialMachine } from './serial';

const MiB = 1024 * 1024;
const SLICE = 10_000;

export interface PvDomainOptions {
  /** Guest RAM in MiB (default 32). */
  readonly memoryMiB?: number;
  /** dom0: may make domctl hypercalls. */
  readonly privileged?: boolean;
  /** The server to share with other domains (default: a new one with room for this domain). */
  readonly host?: PvHost;
}

/** A server for PvDomainRuns: one hart, the VMM's 4 MiB of frames, then domains side by side. */
export class PvHost {
  readonly machine;
  readonly vmmMemory: VmmMemory;
  /** Host RAM offset of the next domain's frames. */
  private next = 4 * MiB;
  /** The run whose vCPU is on the hart. */
  loaded: PvDomainRun | undefined;

  constructor(memoryMiB: number) {
    this.machine = createMachine({ memoryMiB, harts: 1 });
    this.vmmMemory = new VmmMemory(this.machine.bus, this.machine.bus.ramBase, 4 * MiB);
  }

  /** Leaves a gap (so the next domain's frames need not be 4 MiB aligned). */
  skip(bytes: number): void {
    this.next += bytes;
  }

  /** The next `bytes` of host RAM for a domain. */
  allocate(bytes: number): GuestMemory {
    const memory = new GuestMemory(this.machine.bus, this.machine.bus.ramBase + this.next, bytes);
    this.next += bytes;
    return memory;
  }
}

/**
 * One pv domain on one hart, driven the way the VMM drives it: the hart's monitor sorts every trap
 * into a VmExit for handleExit, the mode's outcome decides what runs next, and between slices the
 * virtual timer and console input become pending virtual interrupts. A stand-in for the hypervisor
 * server (engine/hypervisor, the core's), small enough to test the pv mode on its own.
 */
export class PvDomainRun {
  readonly host: PvHost;
  readonly hart: Hart;
  readonly domain: Domain;
  readonly mode: PvMode;
  readonly context: ExitContext;
  outcome: ExitOutcome | undefined;
  private blocked = false;
  private output: number[] = [];

  constructor(image: Uint8Array, options: PvDomainOptions = {}) {
    const memoryMiB = options.memoryMiB ?? 32;
    this.host = options.host ?? new PvHost(4 + memoryMiB);
    this.hart = this.host.machine.harts[0];
    const memory = this.host.allocate(memoryMiB * MiB);
    const config: DomainConfig = {
      name: 'guest',
      mode: 'pv',
      vcpus: 1,
      memoryMiB,
      image,
      weight: 256,
      cap: 0,
      privileged: options.privileged ?? false,
    };
    let mode: ModeHandler | undefined;
    this.domain = new Domain(
      1,
      config,
      memory,
      (d) => (mode = new PvMode(d, this.host.vmmMemory)),
      () => {},
    );
    this.mode = mode as unknown as PvMode;
    this.domain.setOutput((byte) => this.output.push(byte));
    this.context = {
      hart: this.hart,
      vcpu: this.domain.vcpus[0],
      domain: this.domain,
      vmm: this.services(),
    };
    this.load(image, memory, memoryMiB);
  }

  /** A world switch: the vCPU that was on the hart is saved, this one is loaded. */
  private switchIn(): void {
    const host = this.host;
    if (host.loaded === this) return;
    host.loaded?.switchOut();
    const vcontext = this.context.vcpu.context;
    this.hart.x.set(vcontext.x);
    this.hart.pc = vcontext.pc;
    this.mode.enter(this.context.vcpu, this.hart);
    this.hart.waitingForInterrupt = this.blocked || this.outcome !== undefined;
    this.hart.monitor = {
      exit: (_hart, cause, tval, interrupt) => this.exit(cause, tval, interrupt),
    };
    host.loaded = this;
  }

  private switchOut(): void {
    const vcontext = this.context.vcpu.context;
    vcontext.x.set(this.hart.x.subarray(0, 32));
    vcontext.x[0] = 0;
    vcontext.pc = this.hart.pc;
    this.mode.leave();
  }

  /** Runs until `instructions` have been attempted, the domain stopped, or it blocks with nothing due. */
  run(instructions: number): void {
    if (this.outcome !== undefined) return;
    this.switchIn();
    const clock = this.host.machine.clock;
    const vcontext = this.context.vcpu.context;
    for (let done = 0; done < instructions && this.outcome === undefined;) {
      if (vcontext.timerDeadline <= clock.mtime) vcontext.csr.lines |= C.MIP_STIP;
      if (this.blocked) {
        if (!this.mode.wantsWake(this.context.vcpu)) {
          if (vcontext.timerDeadline === Infinity) return;
          clock.skipTo(vcontext.timerDeadline);
          continue;
        }
        this.blocked = false;
        this.hart.waitingForInterrupt = false;
      }
      this.mode.injectPending(this.context);
      done += this.hart.run(SLICE) + 1;
      clock.advanceByInstructions(SLICE);
    }
  }

  takeOutput(): Uint8Array {
    const bytes = Uint8Array.from(this.output);
    this.output = [];
    return bytes;
  }

  /** Steps past what the monitor sees: one VM exit through handleExit. */
  private exit(cause: number, tval: number, interrupt: boolean): void {
    const vcpu = this.context.vcpu;
    this.context.vmm.charge(this.hart, 'worldSwitch');
    const outcome = handleExit(
      this.context,
      exitFromTrap(cause, tval, interrupt, vcpu.context.vpriv),
    );
    switch (outcome.kind) {
      case 'resume':
      case 'yield':
        this.mode.injectPending(this.context);
        return;
      case 'block':
        this.blocked = true;
        this.hart.waitingForInterrupt = true;
        return;
      default:
        this.outcome = outcome;
        this.hart.waitingForInterrupt = true;
    }
  }

  private services(): VmmServices {
    const clock = this.host.machine.clock;
    return {
      charge: (hart, event, count = 1) => hart.charge(FLAT_PRICES[event] * count),
      trace: () => {},
      now: () => clock.mtime,
      memory: this.host.vmmMemory,
      sbi: (context, call) => {
        const result = handleSbiCall(call, {
          implName: context.domain.mode.sbiName,
          memory: context.domain.memory,
          vcpus: 1,
          vcpu: 0,
          consoleWrite: (bytes) => bytes.forEach((b) => context.domain.output(b)),
          consoleRead: () => new Uint8Array(0),
          setTimer: (deadline) => (context.vcpu.context.timerDeadline = deadline),
          sendIpi: () => {},
        });
        context.vcpu.counters.calls.add(`sbi.${result.name}`);
        return result;
      },
    };
  }

  /** The kernel (ELF, or a raw image at the start of RAM) and a device tree in guest RAM. */
  private load(image: Uint8Array, memory: GuestMemory, memoryMiB: number): void {
    let entry: number = GUEST_RAM_BASE;
    if (hasElfMagic(image)) {
      const elf = parseElf32(image);
      for (const segment of elf.segments) memory.writeBytes(segment.paddr, segment.data);
      entry = elf.entry;
    } else {
      memory.writeBytes(GUEST_RAM_BASE, image);
    }
    const dtb = buildDeviceTree({ memoryBytes: memoryMiB * MiB, harts: 1 });
    const dtbGpa = GUEST_RAM_BASE + memoryMiB * MiB - 2 * MiB;
    memory.writeBytes(dtbGpa, dtb);
    this.mode.boot(this.context.vcpu, entry, dtbGpa);
  }
}

/** A PvDomainRun as a serial line for runScriptedSession; exits with 0 on power off, 1 otherwise. */
export function pvSerial(
  imagePath: string,
  options: PvDomainOptions = {},
): SerialMachine & { readonly run: PvDomainRun } {
  const run = new PvDomainRun(new Uint8Array(readFileSync(imagePath)), options);
  const listeners: ((bytes: Uint8Array) => void)[] = [];
  let killed = false;
  let wake: (() => void) | undefined;
  const exited = (async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      if (killed) return 137;
      run.run(200_000 * INSTRUCTIONS_PER_TICK);
      const bytes = run.takeOutput();
      if (bytes.length > 0) for (const listener of listeners) listener(bytes);
      const outcome = run.outcome;
      if (outcome !== undefined)
        return outcome.kind === 'shutdown' && outcome.how === 'shutdown' ? 0 : 1;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setImmediate(resolve);
      });
    }
  })();
  return {
    run,
    onOutput: (listener) => listeners.push(listener),
    type: (text) => {
      run.domain.sendInput(new TextEncoder().encode(text));
      wake?.();
    },
    exited,
    kill: () => {
      killed = true;
      wake?.();
    },
  };
}

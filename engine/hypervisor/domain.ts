import { Counts } from '../stats/counts';
import type { ModeHandler } from './exits';
import type { GuestMemory } from './guest-memory';
import { Vcpu, VcpuCounters } from './vcpu';
import { VirtualDevices } from './virtual-devices';

/** How a domain is virtualized (docs/hypervisor.md, "Modes"). */
export type DomainMode = 'full' | 'bt' | 'pv' | 'hw';

/**
 * A domain's life: `running` (its vCPUs are scheduled), `paused` (none is, until unpaused),
 * `shutdown` (it powered off, or failed through SRST) and `crashed` (the VMM could not continue
 * it). The last two are final; `haltReason` says what happened.
 */
export type DomainState = 'running' | 'paused' | 'shutdown' | 'crashed';

/** What createDomain is asked for. */
export interface DomainConfig {
  readonly name: string;
  readonly mode: DomainMode;
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** The kernel image (ELF32 or raw), loaded at its guest-physical addresses. */
  readonly image: Uint8Array;
  /** Credit-scheduler share (default 256) and cap in percent of one hart (0: none). */
  readonly weight: number;
  readonly cap: number;
  /** dom0: may make domain-control hypercalls. */
  readonly privileged: boolean;
}

/** A command that does not fit the domain's state. */
export class DomainRefusal extends Error {
  constructor(
    readonly domain: string,
    readonly command: string,
    readonly state: DomainState,
  ) {
    super(`domain ${domain}: cannot ${command} it while it is ${state}`);
    this.name = 'DomainRefusal';
  }
}

/**
 * One guest: its RAM (a contiguous range of host frames), vCPUs, virtual devices and console,
 * and the mode handler that virtualizes it. The hypervisor server creates it and drives it.
 */
export class Domain {
  state: DomainState = 'running';
  haltReason = '';
  weight: number;
  cap: number;
  readonly vcpus: readonly Vcpu[];
  readonly devices: VirtualDevices;
  readonly mode: ModeHandler;
  /** Bytes the guest wrote to its console (UART and SBI), for the stats. */
  consoleBytes = 0;
  /** Times the domain rebooted itself (SRST reboot). */
  reboots = 0;
  private sink: (byte: number) => void = () => {};

  constructor(
    readonly id: number,
    readonly config: DomainConfig,
    readonly memory: GuestMemory,
    makeMode: (domain: Domain) => ModeHandler,
    /** Called when a device raises or lowers a vCPU's virtual external interrupt line. */
    onExternal: (domain: Domain, vcpu: number, level: boolean) => void,
  ) {
    this.weight = config.weight;
    this.cap = config.cap;
    const vcpus: Vcpu[] = [];
    for (let v = 0; v < config.vcpus; v++) vcpus.push(new Vcpu(id, v, `${config.name}.vcpu${v}`));
    this.vcpus = vcpus;
    this.devices = new VirtualDevices(
      config.vcpus,
      (vcpu, level) => onExternal(this, vcpu, level),
      (byte) => this.output(byte),
    );
    this.mode = makeMode(this);
  }

  get name(): string {
    return this.config.name;
  }

  /** True until the domain shut down or crashed. */
  get alive(): boolean {
    return this.state === 'running' || this.state === 'paused';
  }

  /** Where the console's bytes go (the terminal or the UI's pane). */
  setOutput(sink: (byte: number) => void): void {
    this.sink = sink;
  }

  /** One byte from the guest's console (virtual UART or SBI console). */
  output(byte: number): void {
    this.consoleBytes++;
    this.sink(byte);
  }

  /** Queues console input; the guest reads it through its virtual UART. */
  sendInput(bytes: Uint8Array): void {
    this.devices.uart.enqueueInput(bytes);
  }

  /** The vCPUs' counters summed: the domain's totals. */
  totals(): VcpuCounters {
    const sum = new VcpuCounters();
    const groups: (keyof VcpuCounters)[] = [
      'exits',
      'emulated',
      'calls',
      'reflected',
      'injected',
      'mmio',
      'translation',
    ];
    for (const vcpu of this.vcpus) {
      const c = vcpu.counters;
      for (const group of groups) (sum[group] as Counts).addAll(c[group] as Counts);
      sum.shadowFills += c.shadowFills;
      sum.shadowSyncs += c.shadowSyncs;
      sum.cpuCycles += c.cpuCycles;
      sum.scheduled += c.scheduled;
    }
    return sum;
  }
}

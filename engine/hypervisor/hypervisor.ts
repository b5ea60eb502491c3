import {
  COST_PRESETS,
  CYCLES_PER_TICK,
  DEFAULT_COST_PRESET,
  type CostModel,
} from '../machine/cost-model';
import * as C from '../machine/csr';
import { buildDeviceTree, deviceTreeAddress } from '../machine/device-tree';
import type { Hart } from '../machine/hart';
import { parseImage, type BootImage } from '../machine/image';
import { createMachine, QUANTUM, type Machine } from '../machine/machine';
import { INSTRUCTIONS_PER_TICK } from '../machine/memory-map';
import type { CalloutHandler, Monitor } from '../machine/monitor';
import { Counts } from '../stats/counts';
import { TraceRing } from '../stats/trace-ring';
import { DispatchHistory } from './dispatch-history';
import { Domain, DomainRefusal, type DomainState } from './domain';
import {
  checkCap,
  checkDomainRequest,
  DomainConfigError,
  VMM_RESERVED_MIB,
  type DomainRequest,
} from './domain-config';
import {
  exitFromTrap,
  handleExit,
  type ExitContext,
  type ExitOutcome,
  type VmmServices,
} from './exits';
import { GUEST_RAM_BASE, GuestMemory } from './guest-memory';
import { GUEST_KIND_FACTS } from '../lab/guest-kinds';
import { hardwareRefusal } from '../lab/validate-lab';
import { buildStats, type HypervisorStats } from './hypervisor-stats';
import { answerSbi } from './domain-sbi';
import { placeDomain } from './host-placement';
import { MODES } from './modes';
import type { VmmEvent, VmmPrices } from './prices';
import { CreditScheduler, isRefusal, type Refusal, type WakeHint } from './scheduler';
import type { Vcpu, VcpuState } from './vcpu';
import { VmmMemory } from './vmm-memory';
import type { SbiCall, SbiResult } from './vmm-sbi';
import { VmmTimer } from './vmm-timer';

const MiB = 1024 * 1024;

export interface HypervisorConfig {
  readonly memoryMiB: number;
  readonly harts: number;
  /** The H extension in every hart: `hw` guests need it; full and pv run without it. */
  readonly hardwareVirtualization: boolean;
  /** The server's name in refusals (a lab's server name; default "server"). */
  readonly name?: string;
  /** The prices of the VMM's work (default: the cost model's default preset). */
  readonly costModel?: CostModel;
}

/** Why `run` returned. */
export type HypervisorRunStatus =
  /** The cycle budget or `mtimeLimit` was reached; call `run` again to go on. */
  | { readonly kind: 'budget-exhausted' }
  /** Every vCPU waits, no timer is armed: only console input can change anything. */
  | { readonly kind: 'idle'; readonly inputPending: number }
  /** No domain is alive (all shut down, crashed or destroyed, or none was created). */
  | { readonly kind: 'all-halted' };

const BUDGET_EXHAUSTED: HypervisorRunStatus = { kind: 'budget-exhausted' };
const ALL_HALTED: HypervisorRunStatus = { kind: 'all-halted' };

/** What each hart is doing: the vCPU loaded on it (and that vCPU's exit context), its slice. */
interface HartSlot {
  context: ExitContext | undefined;
  /** The mtime its slice ends at (the scheduler handed it `sliceCycles`). */
  sliceEnd: number;
  /** The vCPU's cycle counter when it was loaded, for its CPU time. */
  loadedCycle: number;
  /** The last vCPU this hart ran: picking it again is no world switch. */
  last: Vcpu | undefined;
  /** A woken vCPU asked for this hart: end the slice at the next exit. */
  preempt: boolean;
  /** Idle: when the scheduler wants to be asked again (a capped domain's next period). */
  idleUntil: number;
}

/** Where a domain's RAM sits in host RAM, and what it needs to boot again after a reboot. */
interface Placement {
  readonly domain: Domain;
  readonly hostBase: number;
  readonly image: BootImage;
  readonly dtb: Uint8Array;
  readonly dtbAddress: number;
}

/**
 * A physical server whose firmware slot holds the type-1 VMM (docs/hypervisor.md). It owns the
 * harts (every trap and interrupt comes to `exit`, the monitor hook), the VMM's frames, the
 * domains and their placement in host RAM, and schedules vCPUs over harts in slices of virtual
 * time. Build it with `createHypervisorServer`.
 */
export class HypervisorServer implements Monitor, CalloutHandler {
  readonly domains: Domain[] = [];
  readonly trace = new TraceRing(512);
  /** Which vCPU ran on which hart, recently: the page's timeline. */
  readonly dispatches: DispatchHistory;
  private readonly placements: Placement[] = [];
  private readonly slots: HartSlot[];
  /** The credit scheduler, in cycles of virtual time (scheduler.ts); the UI reads its decisions. */
  readonly scheduler: CreditScheduler;
  private readonly decisions = new Counts();
  /** The scheduler's numeric vCPU ids. */
  private readonly ids = new Map<Vcpu, number>();
  private readonly byId = new Map<number, Vcpu>();
  private nextVcpuId = 0;
  private readonly services: VmmServices;
  /** The CLINT as the VMM's timer and kick (vmm-timer.ts). */
  private readonly timer: VmmTimer;
  private readonly prices: VmmPrices;
  /** The hart whose exit is being handled, or -1: a kick to it would only cause another exit. */
  private handlingHart = -1;
  private nextDomainId = 1;
  private instructions = 0;
  private rounds = 0;
  private timeSkips = 0;

  constructor(
    readonly machine: Machine,
    readonly config: HypervisorConfig,
    readonly vmmMemory: VmmMemory,
    prices: VmmPrices,
  ) {
    this.prices = prices;
    this.scheduler = new CreditScheduler({ harts: machine.harts.length });
    this.dispatches = new DispatchHistory(machine.harts.length);
    this.timer = new VmmTimer(machine.clint, machine.harts.length);
    this.slots = machine.harts.map(() => ({
      context: undefined,
      sliceEnd: 0,
      loadedCycle: 0,
      last: undefined,
      preempt: false,
      idleUntil: Infinity,
    }));
    this.services = {
      charge: (hart, event, count = 1) => this.charge(hart, event, count),
      trace: (vcpu, kind, detail) => this.record(vcpu.label, kind, detail),
      sbi: (context, call) => this.sbi(context, call),
      memory: vmmMemory,
      now: () => machine.clock.mtime,
    };
  }

  /** Takes a hart for the VMM: nothing delegated, the VMM's timer and kick enabled, idle. */
  takeHart(hart: Hart): void {
    hart.reset(0, 0, 0);
    hart.writeCsr(C.CSR_MEDELEG, 0);
    hart.writeCsr(C.CSR_MIDELEG, 0);
    hart.writeCsr(C.CSR_MIE, C.MIP_MTIP | C.MIP_MSIP);
    hart.writeCsr(C.CSR_MCOUNTEREN, 7);
    hart.monitor = this;
    hart.callouts = this;
    this.idle(hart);
    this.programTimer(hart);
  }

  /** Creates and boots a domain; throws DomainConfigError (or ImageError) with the reason. */
  createDomain(request: DomainRequest): Domain {
    const config = checkDomainRequest(request, {
      harts: this.machine.harts.length,
      names: this.domains.map((d) => d.name),
    });
    if (GUEST_KIND_FACTS[config.mode].needsHardwareVirtualization && !this.hasHExtension()) {
      const name = this.config.name ?? 'server';
      throw new DomainConfigError('mode', hardwareRefusal({ kind: config.mode }, { name }));
    }
    const factory = MODES[config.mode];
    if (!factory)
      throw new DomainConfigError('mode', `"${config.mode}" is not available on this VMM yet`);
    if (config.privileged && this.domains.some((d) => d.config.privileged)) {
      throw new DomainConfigError(
        'privileged',
        'the server already has a privileged domain (dom0)',
      );
    }
    const bytes = config.memoryMiB * MiB;
    const dtb = buildDeviceTree({ memoryBytes: bytes, harts: config.vcpus });
    const dtbAddress = deviceTreeAddress(bytes, dtb.length);
    const image = parseImage(config.image, bytes, {
      base: dtbAddress,
      size: dtb.length,
      what: 'device tree',
    });
    const hostBase = placeDomain(
      this.placements.map((p) => ({
        base: p.hostBase,
        bytes: p.domain.memory.size,
        owner: p.domain.name,
      })),
      config.memoryMiB,
      {
        ramBase: this.machine.bus.ramBase,
        ramMiB: this.config.memoryMiB,
        reservedMiB: VMM_RESERVED_MIB,
      },
    );
    const memory = new GuestMemory(this.machine.bus, hostBase, bytes);
    const id = config.privileged ? 0 : this.nextDomainId++;
    let domain: Domain;
    try {
      domain = new Domain(
        id,
        config,
        memory,
        (d) => factory(d, this.services),
        (d, v, level) => this.onExternal(d, v, level),
      );
    } catch (error) {
      if (error instanceof RangeError) throw new DomainConfigError('memoryMiB', error.message);
      throw error;
    }
    this.domains.push(domain);
    this.scheduler.addDomain(domain.id, { weight: config.weight, cap: config.cap });
    const placement = { domain, hostBase, image, dtb, dtbAddress };
    this.placements.push(placement);
    this.record(
      domain.name,
      'created',
      `${config.mode}, ${config.vcpus} vCPU, ${config.memoryMiB} MiB at host 0x${hostBase.toString(16)}`,
    );
    this.boot(placement);
    return domain;
  }

  /** Stops scheduling a running domain's vCPUs until `unpause`. */
  pause(domain: Domain): void {
    if (domain.state !== 'running') throw new DomainRefusal(domain.name, 'pause', domain.state);
    for (const vcpu of domain.vcpus) {
      if (vcpu.state === 'halted') continue;
      this.check(this.scheduler.pause(this.idOf(vcpu), this.nowCycles()));
      this.takeOff(vcpu);
      vcpu.pause();
    }
    domain.state = 'paused';
    this.record(domain.name, 'paused', '');
  }

  unpause(domain: Domain): void {
    if (domain.state !== 'paused') throw new DomainRefusal(domain.name, 'unpause', domain.state);
    domain.state = 'running';
    for (const vcpu of domain.vcpus) {
      if (vcpu.state !== 'paused') continue;
      vcpu.unpause();
      this.requeue(domain, vcpu);
    }
    this.kickIdleHart();
    this.record(domain.name, 'unpaused', '');
  }

  /**
   * Reboots a running or paused domain from its image, as its own SRST reboot does: RAM,
   * devices and vCPUs fresh, counters kept. A paused domain comes back running.
   */
  restart(domain: Domain): void {
    if (domain.state !== 'running' && domain.state !== 'paused') {
      throw new DomainRefusal(domain.name, 'restart', domain.state);
    }
    // reboot() brings the vCPUs back runnable, which only a running domain may have.
    domain.state = 'running';
    this.reboot(domain);
  }

  /** Halts a domain for good and gives its memory and VMM frames back. */
  destroy(domain: Domain): void {
    const i = this.domains.indexOf(domain);
    if (i < 0) throw new DomainRefusal(domain.name, 'destroy', domain.state);
    if (domain.alive) this.halt(domain, 'shutdown', 'destroyed');
    this.scheduler.removeDomain(domain.id, this.nowCycles());
    for (const vcpu of domain.vcpus) {
      this.byId.delete(this.ids.get(vcpu) ?? -1);
      this.ids.delete(vcpu);
    }
    this.domains.splice(i, 1);
    this.placements.splice(
      this.placements.findIndex((p) => p.domain === domain),
      1,
    );
    this.record(domain.name, 'destroyed', '');
  }

  setWeight(domain: Domain, weight: number): void {
    if (!Number.isInteger(weight) || weight < 1 || weight > 65535) {
      throw new DomainConfigError('weight', 'must be a whole number from 1 to 65535');
    }
    domain.weight = weight;
    this.check(this.scheduler.setWeight(domain.id, weight));
  }

  setCap(domain: Domain, cap: number): void {
    checkCap(cap, domain.vcpus.length);
    domain.cap = cap;
    this.check(this.scheduler.setCap(domain.id, cap));
  }

  setOutput(domain: Domain, sink: (byte: number) => void): void {
    domain.setOutput(sink);
  }

  sendInput(domain: Domain, bytes: Uint8Array): void {
    domain.sendInput(bytes);
    // A pv kernel blocks waiting for input that no device interrupt announces: wake it now.
    if (domain.alive) this.notify(domain, domain.vcpus[0]);
  }

  /** The domain called `name`, if any. */
  domain(name: string): Domain | undefined {
    return this.domains.find((d) => d.name === name);
  }

  /** Instructions retired by all harts. */
  get retired(): number {
    return this.instructions;
  }

  /**
   * Runs rounds until at least `maxCycles` of virtual time have passed (cycles of one hart: all
   * harts run in parallel), virtual time reaches `mtimeLimit`, every vCPU waits with no timer,
   * or no domain is alive. As on a bare machine, each hart runs up to QUANTUM cycles per round,
   * cut at the next CLINT deadline (the VMM's slice ends and the guests' virtual timers), and an
   * idle server jumps to the next deadline; so the same inputs give the same run.
   */
  run(maxCycles: number, mtimeLimit = Infinity): HypervisorRunStatus {
    const { harts, clock, clint } = this.machine;
    const timeLimit = Math.floor(mtimeLimit);
    let elapsed = 0;
    while (elapsed < maxCycles && clock.mtime < timeLimit) {
      if (!this.domains.some((d) => d.alive)) return ALL_HALTED;
      const deadline = clint.nextDeadline();
      const quantum =
        deadline === Infinity
          ? QUANTUM
          : Math.min(QUANTUM, (deadline - clock.mtime) * INSTRUCTIONS_PER_TICK);
      let retired = 0;
      for (const hart of harts) retired += hart.run(quantum);
      this.rounds++;
      this.instructions += retired;
      if (retired > 0 || !harts.every((h) => h.waitingForInterrupt)) {
        clock.advanceByInstructions(quantum);
        clint.update();
        elapsed += quantum;
        continue;
      }
      // The VMM may have set a new timer during the round (an idle hart's next look): ask again.
      const next = clint.nextDeadline();
      if (next === Infinity) {
        const inputPending = this.domains.reduce((n, d) => n + d.devices.uart.pendingInput(), 0);
        return { kind: 'idle', inputPending };
      }
      clock.skipTo(Math.min(next, timeLimit));
      clint.update();
      this.timeSkips++;
    }
    return this.domains.some((d) => d.alive) ? BUDGET_EXHAUSTED : ALL_HALTED;
  }

  /**
   * Single-step hart `index` (`Machine.stepHart`): the vCPU on it, or the VMM when an exit
   * comes, takes exactly `steps` steps while the other harts stand still.
   */
  stepHart(index: number, steps: number): number {
    const retired = this.machine.stepHart(index, steps);
    this.instructions += retired;
    return retired;
  }

  /** Plain data for the CLI and the UI. */
  stats(): HypervisorStats {
    return buildStats({
      machine: this.machine,
      domains: this.domains,
      vmmMemory: this.vmmMemory,
      decisions: this.decisions,
      trace: this.trace,
      instructions: this.instructions,
      rounds: this.rounds,
      timeSkips: this.timeSkips,
      runningCycles: (vcpu) => this.runningCycles(vcpu),
      schedulerView: (vcpu) => {
        const id = this.ids.get(vcpu);
        return id === undefined ? undefined : this.scheduler.vcpu(id);
      },
      loaded: this.slots.map((s) => s.context?.vcpu.label ?? null),
    });
  }

  /** The monitor hook: every trap and interrupt of every hart lands here (a world switch). */
  exit(hart: Hart, cause: number, tval: number, interrupt: boolean): void {
    const slot = this.slots[hart.id];
    this.handlingHart = hart.id;
    const context = slot.context;
    hart.charge(this.prices[context?.domain.mode.exitEvent ?? 'worldSwitch']);
    if (interrupt) {
      if (cause === C.IRQ_MSI) this.timer.acknowledge(hart.id);
      if (context) handleExit(context, { kind: 'interrupt', irq: cause });
      this.schedulePoint(hart, slot);
    } else if (context) {
      const outcome = handleExit(
        context,
        exitFromTrap(cause, tval, false, context.vcpu.context.vpriv),
      );
      if (outcome.kind !== 'resume') this.act(hart, slot, context, outcome);
    } else {
      this.idle(hart); // a trap with nothing loaded cannot happen; stay safe
    }
    this.resumeAfter(hart, slot);
  }

  /**
   * The callout hook (binary translation, docs/hypervisor.md "bt"): translated guest-kernel code
   * calls the VMM directly. An exit without the trap or the world switch: the mode prices and
   * handles it, or declines (the hart then runs the original instruction).
   */
  callout(hart: Hart, owner: number, index: number): boolean {
    const slot = this.slots[hart.id];
    const context = slot.context;
    if (!context?.domain.mode.onCallout) return false;
    this.handlingHart = hart.id;
    const outcome = context.domain.mode.onCallout(context, owner, index);
    if (outcome === undefined) {
      this.handlingHart = -1;
      return false;
    }
    if (outcome.kind !== 'resume') this.act(hart, slot, context, outcome);
    this.resumeAfter(hart, slot);
    return true;
  }

  /** After an exit or callout: a due preemption, a pending virtual interrupt, the next timer. */
  private resumeAfter(hart: Hart, slot: HartSlot): void {
    if (slot.preempt) this.endSlice(hart, slot);
    const current = slot.context;
    if (current) current.domain.mode.injectPending(current);
    this.programTimer(hart);
    this.handlingHart = -1;
  }

  /** Whether the harts have the H extension (misa.H), which `hw` guests run on. */
  private hasHExtension(): boolean {
    return this.machine.harts.every((hart) => hart.csr.h);
  }

  /** Virtual time in the scheduler's unit: cycles at CPU_HZ. */
  private nowCycles(): number {
    return this.machine.clock.mtime * CYCLES_PER_TICK;
  }

  private idOf(vcpu: Vcpu): number {
    let id = this.ids.get(vcpu);
    if (id === undefined) {
      id = this.nextVcpuId++;
      this.ids.set(vcpu, id);
      this.byId.set(id, vcpu);
    }
    return id;
  }

  /** The VMM and the scheduler keep the same states; a refusal here is a VMM bug, loudly. */
  private check(result: Refusal | WakeHint | undefined): void {
    if (result && isRefusal(result)) throw new Error(`scheduler refused: ${result.refused}`);
    if (result && result.kind !== 'none') this.hint(result);
  }

  /** Acts on the scheduler's advice after a wake: kick an idle hart, or preempt a busy one. */
  private hint(hint: WakeHint): void {
    if (hint.kind === 'none') return;
    if (hint.kind === 'preempt') this.slots[hint.hart].preempt = true;
    this.decisions.add(hint.kind);
    if (hint.hart !== this.handlingHart) this.kick(hint.hart);
  }

  private charge(hart: Hart, event: VmmEvent, count: number): void {
    hart.charge(this.prices[event] * count);
  }

  private record(source: string, kind: string, detail: string): void {
    this.trace.push({ mtime: this.machine.clock.mtime, source, kind, detail });
  }

  /** Loads image and device tree into the domain's RAM and makes vCPU 0 runnable at the entry. */
  private boot(placement: Placement): void {
    const { domain, image, dtb, dtbAddress } = placement;
    domain.memory.clear();
    for (const segment of image.segments) {
      domain.memory.writeBytes(segment.paddr, segment.data);
      // The rest up to memsz is BSS, and the RAM was just cleared.
    }
    domain.memory.writeBytes(dtbAddress, dtb);
    domain.devices.reset();
    for (const vcpu of domain.vcpus) {
      if (vcpu.id === 0) {
        domain.mode.boot(vcpu, image.entry, dtbAddress);
        this.check(this.scheduler.addVcpu({ id: this.idOf(vcpu), domain: domain.id }));
      } else {
        // The firmware parks every hart but 0, and this SBI has no HSM to start them.
        vcpu.halt('not started (the kernel is uniprocessor; no SBI HSM)');
      }
    }
    this.kickIdleHart();
  }

  /** Acts on an outcome other than resume. */
  private act(hart: Hart, slot: HartSlot, context: ExitContext, outcome: ExitOutcome): void {
    const { vcpu, domain } = context;
    switch (outcome.kind) {
      case 'resume':
        return;
      case 'block':
        if (domain.mode.wantsWake(vcpu)) return;
        this.check(this.scheduler.block(this.idOf(vcpu), this.nowCycles()));
        this.unload(hart, slot);
        vcpu.block();
        this.decisions.add('block');
        this.dispatch(hart, slot);
        return;
      case 'yield':
        this.unload(hart, slot);
        vcpu.deschedule();
        this.decisions.add('yield');
        this.dispatch(hart, slot);
        return;
      case 'shutdown':
        if (outcome.how === 'reboot') this.reboot(domain);
        else
          this.halt(
            domain,
            'shutdown',
            outcome.how === 'shutdown' ? 'powered off' : 'shut down for a failure',
          );
        if (!slot.context) this.dispatch(hart, slot);
        return;
      case 'crash':
        this.halt(domain, 'crashed', outcome.reason);
        this.dispatch(hart, slot);
        return;
    }
  }

  /**
   * A scheduling point (the VMM's timer or a kick): expired virtual timers fire, woken vCPUs
   * queue, a vCPU whose slice ended makes way for a queued one, an idle hart takes work.
   */
  private schedulePoint(hart: Hart, slot: HartSlot): void {
    const now = this.machine.clock.mtime;
    this.fireTimers(now);
    if (slot.context && now >= slot.sliceEnd) this.endSlice(hart, slot);
    if (!slot.context) this.dispatch(hart, slot);
  }

  /** The running vCPU's slice is over (or a woken one preempts it): account, and pick again. */
  private endSlice(hart: Hart, slot: HartSlot): void {
    slot.preempt = false;
    const current = slot.context;
    if (!current) return;
    this.unload(hart, slot);
    current.vcpu.deschedule();
    this.dispatch(hart, slot);
  }

  /** Raises STIP of every vCPU whose virtual timer is due, waking those that block. */
  private fireTimers(now: number): void {
    for (const domain of this.domains) {
      if (!domain.alive) continue;
      for (const vcpu of domain.vcpus) {
        const context = vcpu.context;
        if (context.timerDeadline > now || vcpu.state === 'halted') continue;
        context.timerDeadline = Infinity;
        context.csr.lines |= C.MIP_STIP;
        this.notify(domain, vcpu);
      }
    }
  }

  /** A virtual interrupt became pending for `vcpu`: wake it, or make its hart look soon. */
  private notify(domain: Domain, vcpu: Vcpu): void {
    if (vcpu.state === 'blocked' && domain.mode.wantsWake(vcpu)) {
      vcpu.wake();
      this.decisions.add('wake');
      this.check(this.scheduler.wake(this.idOf(vcpu), this.nowCycles()));
    } else if (vcpu.state === 'running' && vcpu.hart !== this.handlingHart) {
      this.kick(vcpu.hart);
    }
  }

  private onExternal(domain: Domain, v: number, level: boolean): void {
    const vcpu = domain.vcpus[v];
    if (level) vcpu.context.csr.lines |= C.MIP_SEIP;
    else vcpu.context.csr.lines &= ~C.MIP_SEIP;
    if (level && domain.alive) this.notify(domain, vcpu);
  }

  /** Queues an unpaused vCPU that can run (a blocked one only if an interrupt waits for it). */
  private requeue(domain: Domain, vcpu: Vcpu): void {
    const id = this.idOf(vcpu);
    const now = this.nowCycles();
    const state: VcpuState = vcpu.state;
    if (state === 'blocked' && domain.mode.wantsWake(vcpu)) vcpu.wake();
    // The scheduler brings every unpaused vCPU back runnable; one still waiting blocks again.
    const hint = this.scheduler.unpause(id, now);
    if (vcpu.state === 'blocked') this.check(this.scheduler.block(id, now));
    else this.check(hint);
  }

  /** Puts the next queued vCPU on an empty hart, or leaves the hart idle. */
  private dispatch(hart: Hart, slot: HartSlot): void {
    const pick = this.scheduler.pick(hart.id, this.nowCycles());
    const next = pick.kind === 'run' ? this.byId.get(pick.vcpu) : undefined;
    if (pick.kind === 'run' && next) {
      this.load(hart, slot, next, pick.sliceCycles);
      return;
    }
    this.idle(hart);
    slot.idleUntil =
      pick.kind === 'idle' ? Math.ceil(pick.untilCycles / CYCLES_PER_TICK) : Infinity;
    this.decisions.add('idle');
  }

  /** World switch in: the vCPU's registers, pc and counters into the hart, then the mode's part. */
  private load(hart: Hart, slot: HartSlot, vcpu: Vcpu, sliceCycles: number): void {
    const domain = this.domainOf(vcpu);
    vcpu.schedule(hart.id);
    const context = vcpu.context;
    hart.x.set(context.x);
    hart.pc = context.pc >>> 0;
    hart.csr.mcycle = context.cycle;
    hart.csr.minstret = context.instret;
    hart.reservation = -1;
    hart.waitingForInterrupt = false;
    domain.mode.enter(vcpu, hart);
    slot.context = { hart, vcpu, domain, vmm: this.services };
    this.dispatches.begin(hart.id, vcpu.label, domain.name, this.machine.clock.mtime);
    slot.sliceEnd =
      this.machine.clock.mtime + Math.max(1, Math.ceil(sliceCycles / CYCLES_PER_TICK));
    slot.loadedCycle = context.cycle;
    if (slot.last === vcpu) {
      // Its own slice again: the registers never left this hart in effect; no switch to pay.
      this.decisions.add('continue');
      return;
    }
    slot.last = vcpu;
    this.charge(hart, 'contextSwitch', 1);
    this.decisions.add('switch');
    this.record(vcpu.label, 'run', `on hart ${hart.id}`);
  }

  /** World switch out: the hart's registers, pc and counters back into the vCPU's context. */
  private unload(hart: Hart, slot: HartSlot): void {
    const current = slot.context;
    if (!current) return;
    const { vcpu, domain } = current;
    domain.mode.leave(vcpu, hart);
    const context = vcpu.context;
    context.x.set(hart.x.subarray(0, 32));
    context.pc = hart.pc >>> 0;
    context.cycle = hart.csr.mcycle;
    context.instret = hart.csr.minstret;
    const ran = context.cycle - slot.loadedCycle;
    vcpu.counters.cpuCycles += ran;
    slot.context = undefined;
    this.dispatches.end(hart.id, this.machine.clock.mtime, ran / CYCLES_PER_TICK);
    this.check(this.scheduler.account(this.idOf(vcpu), ran, this.nowCycles()));
  }

  private idle(hart: Hart): void {
    hart.priv = C.PRIV_U;
    hart.waitingForInterrupt = true;
  }

  /** Takes a vCPU off whatever hart runs it (pause, halt, reboot); that hart looks for work. */
  private takeOff(vcpu: Vcpu): void {
    if (vcpu.state !== 'running') return;
    const hart = this.machine.harts[vcpu.hart];
    const slot = this.slots[vcpu.hart];
    this.unload(hart, slot);
    vcpu.deschedule();
    this.idle(hart);
    if (hart.id !== this.handlingHart) this.kick(hart.id);
  }

  /** Ends a domain: every vCPU halted with `reason`, its VMM frames given back. */
  private halt(
    domain: Domain,
    state: Exclude<DomainState, 'running' | 'paused'>,
    reason: string,
  ): void {
    for (const vcpu of domain.vcpus) {
      if (this.ids.has(vcpu)) this.check(this.scheduler.halt(this.idOf(vcpu), this.nowCycles()));
      this.takeOff(vcpu);
      if (vcpu.state !== 'halted') vcpu.halt(reason);
    }
    domain.state = state;
    domain.haltReason = reason;
    domain.mode.destroy();
    this.record(domain.name, state, reason);
  }

  /** SRST reboot: every vCPU off, RAM, devices and contexts fresh, the image booted again. */
  private reboot(domain: Domain): void {
    for (const vcpu of domain.vcpus) {
      if (this.ids.has(vcpu)) this.check(this.scheduler.halt(this.idOf(vcpu), this.nowCycles()));
      this.takeOff(vcpu);
      if (this.ids.has(vcpu))
        this.check(this.scheduler.removeVcpu(this.idOf(vcpu), this.nowCycles()));
      vcpu.restart();
    }
    domain.reboots++;
    this.record(domain.name, 'reboot', '');
    const placement = this.placements.find((p) => p.domain === domain);
    if (placement) this.boot(placement);
  }

  /** Raises the machine software interrupt of `hart`: it exits to the VMM at its next chance. */
  private kick(hart: number): void {
    if (hart >= 0) this.timer.kick(hart);
  }

  /** Wakes one idle hart that is not already on its way to look for work. */
  private kickIdleHart(): void {
    const i = this.slots.findIndex(
      (s, h) => !s.context && !this.timer.kicked(h) && h !== this.handlingHart,
    );
    if (i >= 0) this.kick(i);
  }

  /** The VMM's timer on `hart`: its vCPU's slice end or virtual timer; idle, the first sleeper's. */
  private programTimer(hart: Hart): void {
    const slot = this.slots[hart.id];
    let deadline: number;
    if (slot.context) {
      deadline = Math.min(slot.sliceEnd, slot.context.vcpu.context.timerDeadline);
    } else {
      deadline = slot.idleUntil;
      for (const domain of this.domains) {
        for (const vcpu of domain.vcpus) {
          if (vcpu.state === 'blocked') deadline = Math.min(deadline, vcpu.context.timerDeadline);
        }
      }
    }
    this.timer.set(hart.id, deadline);
  }

  private domainOf(vcpu: Vcpu): Domain {
    const domain = this.domains.find((d) => d.id === vcpu.domainId);
    if (!domain) throw new Error(`vCPU ${vcpu.label} has no domain`);
    return domain;
  }

  private runningCycles(vcpu: Vcpu): number {
    if (vcpu.state !== 'running') return 0;
    const slot = this.slots[vcpu.hart];
    return this.machine.harts[vcpu.hart].csr.mcycle - slot.loadedCycle;
  }

  /** The SBI of the calling vCPU's domain; calls other than timer and console go in the trace. */
  private sbi(context: ExitContext, call: SbiCall): SbiResult {
    const { domain, vcpu } = context;
    const now = this.machine.clock.mtime;
    const result = answerSbi(domain, vcpu, call, now, (target) => this.notify(domain, target));
    if (
      result.name !== 'set_timer' &&
      !result.name.startsWith('console') &&
      !result.name.startsWith('legacy')
    ) {
      this.record(vcpu.label, 'sbi', result.name);
    }
    return result;
  }
}

/**
 * Builds a hypervisor server, one step per line: the physical machine, the VMM's frames, then
 * every hart handed to the VMM. Domains come next, through `createDomain`.
 */
export function createHypervisorServer(
  config: HypervisorConfig,
  prices?: VmmPrices,
): HypervisorServer {
  if (config.memoryMiB <= VMM_RESERVED_MIB) {
    throw new RangeError(
      `a hypervisor server needs more than the VMM's ${VMM_RESERVED_MIB} MiB, got ${config.memoryMiB}`,
    );
  }
  // The hardware: RAM, CLINT and harts (with the H extension if the server has the feature).
  // Its UART, PLIC and finisher stay unused by guests.
  const machine = createMachine({
    memoryMiB: config.memoryMiB,
    harts: config.harts,
    hypervisorExtension: config.hardwareVirtualization,
  });
  // The VMM's own frames: the first VMM_RESERVED_MIB of host RAM, never mapped for a guest.
  const vmmMemory = new VmmMemory(machine.bus, machine.bus.ramBase, VMM_RESERVED_MIB * MiB);
  // The VMM: domains, scheduling, the monitor.
  const model = config.costModel ?? COST_PRESETS[DEFAULT_COST_PRESET];
  const server = new HypervisorServer(machine, config, vmmMemory, prices ?? model.prices);
  // Every hart: no delegation, the VMM's timer and kicks, the monitor hook; idle until a domain.
  for (const hart of machine.harts) server.takeHart(hart);
  return server;
}

export { GUEST_RAM_BASE };

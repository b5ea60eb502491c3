import { Counts } from '../stats/counts';

/** The privilege the guest believes it runs at: the hardware runs it in real U-mode either way. */
export const VPRIV_U = 0;
export const VPRIV_S = 1;
export type VirtualPrivilege = 0 | 1;

/**
 * A vCPU's life (docs/hypervisor.md, "vCPU states"): `running` on a hart now, `runnable` and
 * waiting for one, `blocked` in WFI or a block hypercall until a virtual interrupt is pending,
 * `paused` by dom0 or the UI, `halted` for good (its domain shut down or crashed, or it was never
 * started: the lab kernel is uniprocessor and there is no SBI HSM to start a second vCPU).
 */
export type VcpuState = 'running' | 'runnable' | 'blocked' | 'paused' | 'halted';

/** What can be asked of a vCPU; each is legal in some states only. */
export type VcpuCommand =
  'schedule' | 'deschedule' | 'block' | 'wake' | 'pause' | 'unpause' | 'halt' | 'restart';

/** A command that does not fit the vCPU's state: the caller learns which and why, nothing changes. */
export class VcpuRefusal extends Error {
  constructor(
    readonly vcpu: string,
    readonly command: VcpuCommand,
    readonly state: VcpuState,
  ) {
    super(`${vcpu}: cannot ${command} a ${state} vCPU`);
    this.name = 'VcpuRefusal';
  }
}

/**
 * The virtual supervisor CSRs of a vCPU, as plain fields (the access rules live with the modes:
 * full/virtual-csr.ts). `sstatus` holds only SIE, SPIE, SPP, SUM and MXR; `sip` only the bits
 * software set (SSIP), while `lines` are the bits the VMM drives (STIP from the virtual timer,
 * SEIP from the virtual PLIC). A pv guest keeps its trap state here too.
 */
export class VirtualCsrs {
  sstatus = 0;
  sie = 0;
  sip = 0;
  lines = 0;
  stvec = 0;
  sscratch = 0;
  sepc = 0;
  scause = 0;
  stval = 0;
  satp = 0;
  scounteren = 0;

  /** sip as the guest reads it: software bits OR the lines. */
  get pending(): number {
    return this.sip | this.lines;
  }

  reset(): void {
    this.sstatus = this.sie = this.sip = this.lines = this.stvec = this.sscratch = 0;
    this.sepc = this.scause = this.stval = this.satp = this.scounteren = 0;
  }
}

/** What one vCPU cost and caused, for stats(): plain counters the VMM and the modes add to. */
export class VcpuCounters {
  /** VM exits by cause name (exceptions and the VMM's own interrupts). */
  readonly exits = new Counts();
  /** Privileged instructions emulated, by kind (csr, sret, wfi, sfence.vma, ...). */
  readonly emulated = new Counts();
  /** SBI calls and hypercalls answered, by name. */
  readonly calls = new Counts();
  /** Traps reflected into the guest, by cause name. */
  readonly reflected = new Counts();
  /** Virtual interrupts injected, by name. */
  readonly injected = new Counts();
  /** MMIO accesses emulated, by device. */
  readonly mmio = new Counts();
  /**
   * The hart's own translation work while this vCPU ran (hw, where the hardware walks both
   * stages): walkReferences, twoStageTranslations, tlbHits, tlbMisses.
   */
  readonly translation = new Counts();
  shadowFills = 0;
  shadowSyncs = 0;
  /** Virtual cycles spent on a hart (guest instructions plus VMM work charged to this vCPU). */
  cpuCycles = 0;
  /** Times the scheduler put this vCPU on a hart. */
  scheduled = 0;
}

/**
 * The context saved while the vCPU is off its hart: what a world switch stores and loads. The
 * real `satp` values for each virtual privilege are set by the mode (shadow roots in full, the
 * validated tables in pv); the mode reloads them when it switches virtual privilege.
 */
export class VcpuContext {
  /** x0..x31 (x0 stays 0). */
  readonly x = new Int32Array(32);
  pc = 0;
  vpriv: VirtualPrivilege = VPRIV_S;
  readonly csr = new VirtualCsrs();
  /** Real satp to run vS and vU code with. */
  satpS = 0;
  satpU = 0;
  /** The hart's cycle and instret counters as this vCPU sees them (per-vCPU, like its time). */
  cycle = 0;
  instret = 0;
  /** Absolute mtime of the virtual timer (SBI set_timer), Infinity when none is armed. */
  timerDeadline = Infinity;

  /**
   * A power-on (boot or reboot) at `entry` in virtual S-mode with a0 = `vcpuId`, a1 = `dtb`:
   * every other register, the virtual CSRs, the counters and the timer cleared. The mode sets
   * the real satp values after this.
   */
  powerOn(vcpuId: number, entry: number, dtb: number): void {
    this.x.fill(0);
    this.x[10] = vcpuId;
    this.x[11] = dtb;
    this.pc = entry >>> 0;
    this.vpriv = VPRIV_S;
    this.csr.reset();
    this.timerDeadline = Infinity;
    this.cycle = 0;
    this.instret = 0;
  }
}

/**
 * One virtual CPU: a state machine with a saved context. Commands that do not fit the state
 * return a VcpuRefusal instead of changing anything (STYLE item 7).
 */
export class Vcpu {
  state: VcpuState = 'runnable';
  /** Why it is halted, once it is. */
  haltReason = '';
  /** The hart it runs on while `running`, else -1. */
  hart = -1;
  /** Pinned to one hart, or -1 for any. */
  affinity = -1;
  /** Whether `unpause` should go back to `blocked` (it was paused while blocked). */
  private pausedWhileBlocked = false;
  readonly context = new VcpuContext();
  readonly counters = new VcpuCounters();

  constructor(
    readonly domainId: number,
    readonly id: number,
    readonly label: string,
  ) {}

  /** runnable -> running on `hart`. */
  schedule(hart: number): VcpuRefusal | undefined {
    if (this.state !== 'runnable') return this.refuse('schedule');
    this.state = 'running';
    this.hart = hart;
    this.counters.scheduled++;
    return undefined;
  }

  /** running -> runnable (its slice ended or another vCPU needs the hart). */
  deschedule(): VcpuRefusal | undefined {
    if (this.state !== 'running') return this.refuse('deschedule');
    this.state = 'runnable';
    this.hart = -1;
    return undefined;
  }

  /** running -> blocked (WFI with nothing pending, or a block hypercall). */
  block(): VcpuRefusal | undefined {
    if (this.state !== 'running') return this.refuse('block');
    this.state = 'blocked';
    this.hart = -1;
    return undefined;
  }

  /** blocked -> runnable (a virtual interrupt is pending). */
  wake(): VcpuRefusal | undefined {
    if (this.state !== 'blocked') return this.refuse('wake');
    this.state = 'runnable';
    return undefined;
  }

  /** running, runnable or blocked -> paused. The caller has taken it off its hart if it ran. */
  pause(): VcpuRefusal | undefined {
    if (this.state === 'paused' || this.state === 'halted') return this.refuse('pause');
    this.pausedWhileBlocked = this.state === 'blocked';
    this.state = 'paused';
    this.hart = -1;
    return undefined;
  }

  /** paused -> runnable, or blocked again if it was blocked when paused. */
  unpause(): VcpuRefusal | undefined {
    if (this.state !== 'paused') return this.refuse('unpause');
    this.state = this.pausedWhileBlocked ? 'blocked' : 'runnable';
    return undefined;
  }

  /** Any state but halted -> halted, with the reason kept for the UI. */
  halt(reason: string): VcpuRefusal | undefined {
    if (this.state === 'halted') return this.refuse('halt');
    this.state = 'halted';
    this.haltReason = reason;
    this.hart = -1;
    return undefined;
  }

  /**
   * Any state but running -> runnable: a power cycle (the domain rebooted). The caller has taken
   * it off its hart and boots its context again.
   */
  restart(): VcpuRefusal | undefined {
    if (this.state === 'running') return this.refuse('restart');
    this.state = 'runnable';
    this.haltReason = '';
    this.pausedWhileBlocked = false;
    return undefined;
  }

  private refuse(command: VcpuCommand): VcpuRefusal {
    return new VcpuRefusal(this.label, command, this.state);
  }
}

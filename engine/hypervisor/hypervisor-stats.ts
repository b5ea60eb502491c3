import type { Machine } from '../machine/machine';
import { TIMEBASE_HZ } from '../machine/memory-map';
import type { Counts } from '../stats/counts';
import type { TraceEvent, TraceRing } from '../stats/trace-ring';
import type { Domain } from './domain';
import type { Vcpu, VcpuCounters } from './vcpu';
import type { VmmMemory } from './vmm-memory';

/** One vCPU's or one domain's counters, as plain data. */
export interface VirtualizationCounters {
  exits: Record<string, number>;
  emulated: Record<string, number>;
  calls: Record<string, number>;
  reflected: Record<string, number>;
  injected: Record<string, number>;
  mmio: Record<string, number>;
  translation: Record<string, number>;
  shadowFills: number;
  shadowSyncs: number;
  cpuCycles: number;
  scheduled: number;
}

export interface VcpuStats extends VirtualizationCounters {
  vcpu: number;
  state: string;
  haltReason: string;
  /** The credit scheduler's view: priority (boost, under, over) and credit in cycles. */
  priority: string | null;
  credit: number | null;
}

export interface DomainStats extends VirtualizationCounters {
  id: number;
  name: string;
  mode: string;
  state: string;
  haltReason: string;
  memoryMiB: number;
  weight: number;
  cap: number;
  consoleBytes: number;
  reboots: number;
  /**
   * bt only: what binary translation did (blocks, instructions, hits, invalidations, traps
   * avoided, adaptations, adapted callouts; docs/hypervisor.md, "bt").
   */
  binaryTranslation?: Record<string, number>;
  vcpus: VcpuStats[];
}

/** Everything `HypervisorServer.stats()` reports. */
export interface HypervisorStats {
  instructions: number;
  mtime: number;
  virtualSeconds: number;
  rounds: number;
  timeSkips: number;
  vmmFrames: { total: number; free: number };
  /** The vCPU loaded on each hart, or null when it idles. */
  harts: (string | null)[];
  scheduler: Record<string, number>;
  domains: DomainStats[];
  trace: TraceEvent[];
}

export interface StatsSources {
  machine: Machine;
  domains: readonly Domain[];
  vmmMemory: VmmMemory;
  decisions: Counts;
  trace: TraceRing;
  instructions: number;
  rounds: number;
  timeSkips: number;
  runningCycles: (vcpu: Vcpu) => number;
  /** The scheduler's snapshot of a vCPU, if it knows it. */
  schedulerView: (vcpu: Vcpu) => { priority: string; credit: number } | undefined;
  loaded: (string | null)[];
}

function plain(c: VcpuCounters, extraCycles: number): VirtualizationCounters {
  return {
    exits: c.exits.toJSON(),
    emulated: c.emulated.toJSON(),
    calls: c.calls.toJSON(),
    reflected: c.reflected.toJSON(),
    injected: c.injected.toJSON(),
    mmio: c.mmio.toJSON(),
    translation: c.translation.toJSON(),
    shadowFills: c.shadowFills,
    shadowSyncs: c.shadowSyncs,
    cpuCycles: c.cpuCycles + extraCycles,
    scheduled: c.scheduled,
  };
}

/** Gathers the server's counters into plain data (the CLI's JSON line, the UI's panels). */
export function buildStats(s: StatsSources): HypervisorStats {
  const mtime = s.machine.clock.mtime;
  return {
    instructions: s.instructions,
    mtime,
    virtualSeconds: mtime / TIMEBASE_HZ,
    rounds: s.rounds,
    timeSkips: s.timeSkips,
    vmmFrames: { total: s.vmmMemory.frames, free: s.vmmMemory.freeFrames },
    harts: s.loaded,
    scheduler: s.decisions.toJSON(),
    domains: s.domains.map((d) => {
      const running = d.vcpus.reduce((n, v) => n + s.runningCycles(v), 0);
      return {
        id: d.id,
        name: d.name,
        mode: d.config.mode,
        state: d.state,
        haltReason: d.haltReason,
        memoryMiB: d.config.memoryMiB,
        weight: d.weight,
        cap: d.cap,
        consoleBytes: d.consoleBytes,
        reboots: d.reboots,
        ...(d.mode.translationCounters ? { binaryTranslation: d.mode.translationCounters() } : {}),
        ...plain(d.totals(), running),
        vcpus: d.vcpus.map((v) => ({
          vcpu: v.id,
          state: v.state,
          haltReason: v.haltReason,
          priority: s.schedulerView(v)?.priority ?? null,
          credit: s.schedulerView(v)?.credit ?? null,
          ...plain(v.counters, s.runningCycles(v)),
        })),
      };
    }),
    trace: s.trace.recent(),
  };
}

/**
 * What the "see inside" views read from a hypervisor server: the trace events a reader has not
 * yet seen, the recent vCPU dispatches, and each guest's own instruction count, turned into
 * the plain data of `server-api` (virtual milliseconds rather than mtime ticks).
 */
import type { Domain } from '../engine/hypervisor/domain';
import type { HypervisorServer } from '../engine/hypervisor/hypervisor';
import { TIMEBASE_HZ } from '../engine/machine/memory-map';
import type { InsideSample } from './server-api';

const TICKS_PER_MS = TIMEBASE_HZ / 1000;

export interface InsideReading {
  readonly sample: InsideSample;
  /** Pass this as `traceSeen` next time: every event written so far has been handed out. */
  readonly traceWritten: number;
}

/** The trace since the first `traceSeen` events, and the dispatch ring up to now. */
export function readInside(server: HypervisorServer, traceSeen: number): InsideReading {
  const { trace, dispatches, machine } = server;
  const now = machine.clock.mtime;
  const fresh = trace.since(traceSeen);
  const firstSeq = trace.written - fresh.length;
  return {
    traceWritten: trace.written,
    sample: {
      nowMs: now / TICKS_PER_MS,
      traceDropped: trace.dropped(traceSeen),
      trace: fresh.map((event, i) => ({
        seq: firstSeq + i,
        ms: event.mtime / TICKS_PER_MS,
        source: event.source,
        kind: event.kind,
        detail: event.detail,
      })),
      dispatches: dispatches.recent(now).map((d) => ({
        hart: d.hart,
        vcpu: d.vcpu,
        domain: d.domain,
        startMs: d.start / TICKS_PER_MS,
        endMs: d.end / TICKS_PER_MS,
      })),
    },
  };
}

/** Instructions a domain's vCPUs retired: their saved count, or the hart's for one running now. */
export function domainInstructions(server: HypervisorServer, domain: Domain): number {
  let total = 0;
  for (const vcpu of domain.vcpus) {
    total +=
      vcpu.state === 'running'
        ? server.machine.harts[vcpu.hart].csr.minstret
        : vcpu.context.instret;
  }
  return total;
}

import type { GuestCounters as Counters } from '../../../workers/server-client';
import { CountTable } from '../stats/CountTable';
import { formatCount } from '../stats/format';

/**
 * What the VMM did for one guest, counted by the engine: the price of its kind of
 * virtualization (traps and emulated instructions for full, hypercalls for pv).
 */
export function GuestCounters({ name, counters }: { name: string; counters: Counters }) {
  let exits = 0;
  for (const count of Object.values(counters.exits)) exits += count;
  return (
    <details className="guest-counters">
      <summary>
        What the VMM did for {name}: {formatCount(exits)} traps to the VMM
      </summary>
      <div className="count-tables">
        <CountTable
          caption="Traps to the VMM by cause"
          hint="Each one is a world switch from the guest into the VMM and back"
          counts={counters.exits}
        />
        <CountTable
          caption="Hypercalls and SBI calls"
          hint="Requests the guest kernel made of the VMM on purpose"
          counts={counters.calls}
        />
        <CountTable
          caption="Emulated privileged instructions"
          hint="Instructions the deprivileged kernel tried, which the VMM carried out on its virtual CPU"
          counts={counters.emulated}
        />
        <CountTable
          caption="Traps reflected to the guest"
          hint="Traps that belong to the guest kernel (system calls, its own page faults), handed back to it"
          counts={counters.reflected}
        />
        <CountTable
          caption="Emulated device accesses"
          hint="Loads and stores to the virtual UART and interrupt controller, decoded and carried out by the VMM"
          counts={counters.mmio}
        />
      </div>
      <p className="hint">
        Shadow page-table fills {formatCount(counters.shadowFills)}, syncs{' '}
        {formatCount(counters.shadowSyncs)} · console bytes {formatCount(counters.consoleBytes)}
      </p>
    </details>
  );
}

import { useLabStore } from '../../store';
import { CountTable } from './CountTable';
import { formatCount, formatPercent, formatSeconds } from './format';

/** What the hardware did, counted by the engine: instructions, traps, interrupts, the TLB. */
export function CountersPanel({ serverId }: { serverId: string }) {
  const stats = useLabStore((state) => state.stats[serverId]?.stats);
  // On a hypervisor the consoles are the domains' virtual ones; the VMM counts their bytes.
  const guestConsoleBytes = useLabStore((state) =>
    state.servers[serverId]?.config.platform === 'hypervisor'
      ? (state.stats[serverId]?.guests ?? []).reduce(
          (total, guest) => total + (guest.counters?.consoleBytes ?? 0),
          0,
        )
      : undefined,
  );
  const headingId = `counters-${serverId}`;
  if (!stats) {
    return (
      <section className="card counters" aria-labelledby={headingId}>
        <h2 id={headingId}>Hardware counters</h2>
        <p className="muted">No samples yet.</p>
      </section>
    );
  }
  const exceptions = sum(stats.exceptions);
  const interrupts = sum(stats.interrupts);
  const lookups = stats.tlbHits + stats.tlbMisses;
  let mmio = 0;
  for (const device of Object.values(stats.mmio)) mmio += device.reads + device.writes;
  return (
    <section className="card counters" aria-labelledby={headingId} data-testid="counters">
      <h2 id={headingId}>Hardware counters</h2>
      <dl className="metrics">
        <Metric label="Instructions" hint="Instructions retired by all harts">
          {formatCount(stats.instructions)}
        </Metric>
        <Metric
          label="Virtual time"
          hint="The guest's clock: it advances with instructions, not with your watch"
        >
          {formatSeconds(stats.virtualSeconds)}
        </Metric>
        <Metric
          label="Traps"
          hint="Exceptions plus interrupts taken, each a jump into the trap handler"
        >
          {formatCount(exceptions + interrupts)}
        </Metric>
        <Metric label="TLB hits" hint="Address translations found in the TLB">
          {formatCount(stats.tlbHits)}
        </Metric>
        <Metric
          label="TLB misses"
          hint="Translations that had to be looked up again (a page walk when paging is on)"
        >
          {formatCount(stats.tlbMisses)}{' '}
          <span className="muted">({formatPercent(stats.tlbMisses, lookups)})</span>
        </Metric>
        {guestConsoleBytes === undefined ? (
          <Metric
            label="Console bytes"
            hint="Bytes the UART sent to the console / received from it"
          >
            {formatCount(stats.uart.bytesOut)} / {formatCount(stats.uart.bytesIn)}
          </Metric>
        ) : (
          <Metric
            label="Guest console bytes"
            hint="Bytes the domains wrote to their virtual consoles. The physical UART belongs to the VMM, which prints nothing of its own, so it stays at zero."
          >
            {formatCount(guestConsoleBytes)}
          </Metric>
        )}
        <Metric
          label="Device accesses"
          hint="Loads and stores that reached a device (UART, timer, interrupt controller) instead of RAM"
        >
          {formatCount(mmio)}
        </Metric>
        <Metric
          label="Idle jumps"
          hint="Times every hart slept in WFI and the clock jumped to the next timer interrupt"
        >
          {formatCount(stats.timeSkips)}
        </Metric>
        <Metric label="Resets" hint="Reboots the guest asked for since the server was powered on">
          {formatCount(stats.resets)}
        </Metric>
      </dl>
      <div className="count-tables">
        <CountTable
          caption="Exceptions by cause"
          hint="Synchronous traps: system calls (ecall), page faults, illegal instructions"
          counts={stats.exceptions}
        />
        <CountTable
          caption="Interrupts by cause"
          hint="Asynchronous traps: timer, software (IPI) and external (UART via the PLIC)"
          counts={stats.interrupts}
        />
      </div>
    </section>
  );
}

function Metric({
  label,
  hint,
  children,
}: {
  label: string;
  hint: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <dt title={hint}>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function sum(counts: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const count of Object.values(counts)) total += count;
  return total;
}

import { useLabStore } from '../../store';
import { CountTable } from './CountTable';
import { formatCount, formatPercent } from './format';

/** What the hardware did, counted by the engine: instructions, traps, interrupts, the TLB. */
export function CountersPanel({ serverId }: { serverId: string }) {
  const stats = useLabStore((state) => state.stats[serverId]?.stats);
  const headingId = `counters-${serverId}`;
  return (
    <section className="card counters" aria-labelledby={headingId} data-testid="counters">
      <h2 id={headingId}>Hardware counters</h2>
      {!stats ? (
        <p className="muted">No samples yet.</p>
      ) : (
        <>
          <dl className="metrics">
            <div>
              <dt>Instructions</dt>
              <dd>{formatCount(stats.instructions)}</dd>
            </div>
            <div>
              <dt title="Translations found in the TLB without walking the page table">TLB hits</dt>
              <dd>{formatCount(stats.tlbHits)}</dd>
            </div>
            <div>
              <dt title="Translations that needed a page-table walk">TLB misses</dt>
              <dd>
                {formatCount(stats.tlbMisses)}{' '}
                <span className="muted">
                  ({formatPercent(stats.tlbMisses, stats.tlbHits + stats.tlbMisses)})
                </span>
              </dd>
            </div>
          </dl>
          <div className="count-tables">
            <CountTable caption="Traps by cause" counts={stats.traps} />
            <CountTable caption="Interrupts by cause" counts={stats.interrupts} />
          </div>
        </>
      )}
    </section>
  );
}

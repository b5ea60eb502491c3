import { useState } from 'react';
import { useHistory } from '../inside/use-history';
import { formatPercent } from '../stats/format';
import { layoutTimeline } from './timeline-layout';

const WINDOWS_MS = [100, 500, 2000] as const;
const WIDTH = 360;
const LANE = 22;
const LABEL = 44;
/** Colours for domains (the chart palette's five), in the order of their names. */
const COLORS = 5;

/**
 * Which vCPU ran on which hart over the last moments of virtual time: one lane per hart, a bar
 * per stretch a vCPU held it, coloured by domain. The credit scheduler decides; this shows it.
 */
export function DispatchTimeline({ serverId }: { serverId: string }) {
  const [windowMs, setWindowMs] = useState<number>(500);
  const history = useHistory(serverId);
  const inside = history.inside;
  const harts = history.snapshots.at(-1)?.entry.harts.length ?? 0;
  const headingId = `timeline-${serverId}`;
  const layout = inside
    ? layoutTimeline(inside.dispatches, inside.nowMs, windowMs, harts)
    : undefined;
  const height = harts * LANE + 18;
  return (
    <section className="card dispatch-timeline" aria-labelledby={headingId} data-testid="timeline">
      <div className="card-header">
        <h2 id={headingId}>vCPUs on harts</h2>
        <div className="inside-choice" role="group" aria-label="Time shown">
          {WINDOWS_MS.map((ms) => (
            <button
              key={ms}
              type="button"
              className="button button-small"
              aria-pressed={ms === windowMs}
              onClick={() => setWindowMs(ms)}
            >
              {ms < 1000 ? `${ms} ms` : `${ms / 1000} s`}
            </button>
          ))}
        </div>
      </div>
      {!layout || layout.lanes.every((lane) => lane.length === 0) ? (
        <p className="muted">No vCPU has run in this window yet.</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${WIDTH} ${height}`}
            className="timeline-svg"
            role="img"
            aria-label={`The last ${windowMs} ms of virtual time: ${layout.lanes
              .map((lane, hart) => `hart ${hart} busy ${formatPercent(layout.busy[hart], 1)}`)
              .join(', ')}`}
          >
            {layout.lanes.map((lane, hart) => {
              const y = hart * LANE;
              return (
                <g key={hart} className="timeline-lane" data-testid="timeline-lane">
                  <text x={0} y={y + 16} className="timeline-hart">
                    hart {hart}
                  </text>
                  <rect
                    x={LABEL}
                    y={y + 2}
                    width={WIDTH - LABEL}
                    height={LANE - 4}
                    className="timeline-track"
                  />
                  {lane.map((bar) => {
                    const x = LABEL + bar.x * (WIDTH - LABEL);
                    const width = Math.max(1, bar.width * (WIDTH - LABEL));
                    const color = layout.domains.indexOf(bar.domain) % COLORS;
                    return (
                      <g key={`${bar.vcpu}-${bar.startMs}`}>
                        <rect
                          x={x}
                          y={y + 2}
                          width={width}
                          height={LANE - 4}
                          className={`timeline-bar timeline-color-${color + 1}`}
                        >
                          <title>
                            {bar.vcpu} on hart {hart}: {(bar.startMs / 1000).toFixed(3)}–
                            {(bar.endMs / 1000).toFixed(3)} s
                          </title>
                        </rect>
                        {width > bar.vcpu.length * 7 + 8 && (
                          <text x={x + 4} y={y + 16} className="timeline-bar-label">
                            {bar.vcpu}
                          </text>
                        )}
                      </g>
                    );
                  })}
                </g>
              );
            })}
            <text x={LABEL} y={height - 2} className="timeline-axis">
              −{windowMs < 1000 ? `${windowMs} ms` : `${windowMs / 1000} s`}
            </text>
            <text x={WIDTH} y={height - 2} textAnchor="end" className="timeline-axis">
              now (virtual time)
            </text>
          </svg>
          <p className="muted timeline-busy">
            Busy:{' '}
            {layout.busy
              .map((share, hart) => `hart ${hart} ${formatPercent(share, 1)}`)
              .join(' · ')}
          </p>
          <ul className="timeline-legend" aria-label="Domains">
            {layout.domains.map((domain, i) => (
              <li key={domain}>
                <span className={`timeline-swatch timeline-color-${(i % COLORS) + 1}`} />
                {domain}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

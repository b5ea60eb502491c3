import { useId, useMemo, useState } from 'react';
import type { TraceEventView } from '../../../workers/server-client';
import { countsMachine, type Subject } from '../inside/subject';
import { useHistory } from '../inside/use-history';
import { formatCount } from '../stats/format';
import { filterTrace, traceKinds } from './trace-filter';

/**
 * The VMM's recent events (the engine's trace ring, as sampled): who, what, when in virtual
 * time; newest first. Pause freezes what is shown while the samples go on arriving.
 */
export function TraceView({ serverId, subject }: { serverId: string; subject: Subject }) {
  const [frozen, setFrozen] = useState<readonly TraceEventView[] | null>(null);
  const [onlySubject, setOnlySubject] = useState(true);
  const [text, setText] = useState('');
  const [hiddenKinds, setHiddenKinds] = useState<ReadonlySet<string>>(new Set());
  const history = useHistory(serverId);
  const events = frozen ?? history.trace;
  const matches = useMemo(
    () => filterTrace(events, { subject: onlySubject ? subject.name : null, hiddenKinds, text }),
    [events, onlySubject, subject.name, hiddenKinds, text],
  );
  const kinds = useMemo(() => traceKinds(events), [events]);
  const textId = useId();

  if (countsMachine(subject.kind)) {
    return (
      <p className="muted">
        {subject.kind === 'bare-metal' ? 'The bare machine' : 'A host-OS server'} has no VMM, so
        there is no VMM trace: its exceptions and interrupts are counted in the charts.
      </p>
    );
  }
  const toggleKind = (kind: string) => {
    const next = new Set(hiddenKinds);
    if (!next.delete(kind)) next.add(kind);
    setHiddenKinds(next);
  };
  return (
    <div className="trace-view" data-testid="trace-view">
      <div className="trace-controls">
        <button
          type="button"
          className="button button-small"
          aria-pressed={frozen !== null}
          onClick={() => setFrozen(frozen === null ? history.trace : null)}
        >
          {frozen === null ? 'Pause' : 'Resume'}
        </button>
        <label className="trace-search" htmlFor={textId}>
          Find
          <input
            id={textId}
            type="search"
            value={text}
            placeholder="kind, vCPU or detail"
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={onlySubject}
            onChange={(event) => setOnlySubject(event.target.checked)}
          />{' '}
          Only {subject.name}
        </label>
        <span className="muted trace-count" data-testid="trace-count">
          {frozen !== null ? 'Paused: ' : ''}
          {formatCount(matches.matched)} of {formatCount(events.length)} events
          {history.traceDropped > 0 && ` · ${formatCount(history.traceDropped)} missed`}
        </span>
      </div>
      {kinds.length > 0 && (
        <fieldset className="trace-kinds">
          <legend className="visually-hidden">Kinds of event shown</legend>
          {kinds.map(([kind, count]) => (
            <label key={kind} className="trace-kind">
              <input
                type="checkbox"
                checked={!hiddenKinds.has(kind)}
                onChange={() => toggleKind(kind)}
              />{' '}
              {kind} <span className="muted">{formatCount(count)}</span>
            </label>
          ))}
        </fieldset>
      )}
      {matches.rows.length === 0 ? (
        <p className="muted">
          {events.length === 0
            ? 'No events yet: the VMM traces switches of vCPUs, SBI calls, refused accesses and domain changes.'
            : 'No event matches.'}
        </p>
      ) : (
        <div className="trace-scroll">
          <table className="trace-table">
            <thead>
              <tr>
                <th scope="col">Virtual time</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {matches.rows.map((event) => (
                <tr key={event.seq} data-kind={event.kind}>
                  <td className="trace-time">{(event.ms / 1000).toFixed(3)} s</td>
                  <td>{event.source}</td>
                  <td>{event.kind}</td>
                  <td>{event.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

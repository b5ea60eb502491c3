import type { CompareColumn } from './compare-table';

const LABELS = {
  queued: 'waiting its turn',
  running: 'running bench',
  done: 'done',
  failed: 'failed',
};
const TONES = { queued: 'neutral', running: 'warn', done: 'ok', failed: 'danger' };

/** Where each console's run is, and why one failed. */
export function BenchStatus({ columns }: { columns: readonly CompareColumn[] }) {
  return (
    <ul className="bench-status" aria-label="bench in each console">
      {columns.map(({ key, target, progress }) => (
        <li key={key} data-testid="bench-status">
          <strong>{target.label}</strong>{' '}
          <span className={`badge badge-${TONES[progress.state]}`}>{LABELS[progress.state]}</span>
          {progress.message && <span className="muted"> {progress.message}</span>}
        </li>
      ))}
    </ul>
  );
}

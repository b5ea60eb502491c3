import type { ServerSpec } from '../../../workers/lab-model';
import { PLATFORM_LABELS } from '../guests/kind-guide';
import { ServerSpecLine } from './ServerSpecLine';

/**
 * A server of a platform this build cannot boot (the engine has no factory for it, or the
 * worker no port): what it is, and plainly why it is not running.
 */
export function OfflineServerCard({ spec }: { spec: ServerSpec }) {
  const headingId = `server-${spec.name}-name`;
  return (
    <article className="card server-card" aria-labelledby={headingId} data-testid="server-card">
      <header className="card-header">
        <h2 id={headingId}>{spec.name}</h2>
        <span
          className="badge badge-neutral"
          title="This build cannot run this kind of server yet"
          data-testid="server-state"
        >
          Not in this build yet
        </span>
      </header>
      <ServerSpecLine spec={spec} />
      <p className="notice" role="note">
        {PLATFORM_LABELS[spec.platform]}: not available in this build yet. The server and its guests
        are kept in your lab, its file and its link.
      </p>
    </article>
  );
}

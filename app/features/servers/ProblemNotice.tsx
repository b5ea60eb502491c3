import type { ServerProblem } from '../../store';
import { launchServer } from './server-hosts';

/** What went wrong with a server, in the engine's own words, and the way out. */
export function ProblemNotice({ serverId, problem }: { serverId: string; problem: ServerProblem }) {
  return (
    <div className="notice notice-danger" role="alert">
      <p className="notice-title">{problem.title}</p>
      <pre className="notice-detail">{problem.detail}</pre>
      <button type="button" className="button" onClick={() => void launchServer(serverId)}>
        Restart server
      </button>
    </div>
  );
}

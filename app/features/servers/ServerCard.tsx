import { useShallow } from 'zustand/react/shallow';
import { useLabStore } from '../../store';
import { formatCount, formatMips, formatPercent } from '../stats/format';
import './controls.css';
import { HartStepper } from './HartStepper';
import { HartTable } from './HartTable';
import { ProblemNotice } from './ProblemNotice';
import { ServerControls } from './ServerControls';
import { ServerSpecLine } from './ServerSpecLine';
import { SlowMotion } from './SlowMotion';
import { StateBadge } from './StateBadge';

/** One physical server: what it is, what it is doing, and the buttons to drive it. */
export function ServerCard({ serverId }: { serverId: string }) {
  const server = useLabStore((state) => state.servers[serverId]);
  const spec = useLabStore((state) => state.lab.servers.find((s) => s.name === serverId));
  const counters = useLabStore(
    useShallow((state) => ({
      instructions: state.stats[serverId]?.stats?.instructions ?? 0,
      perSecond: state.stats[serverId]?.instructionsPerSecond ?? 0,
      hostLoad: state.stats[serverId]?.hostLoad ?? 0,
    })),
  );
  if (!server) return null;
  const { config, status, problem } = server;
  const headingId = `server-${serverId}-name`;
  const stopped = status.state === 'failed' || status.state === 'powered-off';
  return (
    <article className="card server-card" aria-labelledby={headingId} data-testid="server-card">
      <header className="card-header">
        <h2 id={headingId}>{config.name}</h2>
        <StateBadge state={status.state} crashed={!server.workerAlive && !!problem} />
      </header>
      {spec && <ServerSpecLine spec={spec} />}
      <dl className="metrics">
        <div>
          <dt>Instructions</dt>
          <dd data-testid="server-instructions">{formatCount(counters.instructions)}</dd>
        </div>
        <div>
          <dt title="Millions of instructions per second of real time">Speed</dt>
          <dd>{formatMips(counters.perSecond)} MIPS</dd>
        </div>
        <div>
          <dt title="How much of one of your computer's cores the emulator uses for this server; an idle guest needs almost none">
            Host load
          </dt>
          <dd>{formatPercent(counters.hostLoad, 1)}</dd>
        </div>
      </dl>
      <HartTable serverId={serverId} />
      <ServerControls serverId={serverId} />
      {/* A new worker starts at normal speed with nothing stepped: remount with it. */}
      <div className="server-debug" key={server.generation}>
        <SlowMotion serverId={serverId} />
        <HartStepper serverId={serverId} />
      </div>
      {stopped && status.message && !problem && (
        <p className="notice" role="status">
          {status.message}
        </p>
      )}
      {problem && <ProblemNotice serverId={serverId} problem={problem} />}
    </article>
  );
}

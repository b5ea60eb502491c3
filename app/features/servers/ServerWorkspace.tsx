import { kindsForPlatform, RUNNABLE_PLATFORMS, type ServerSpec } from '../../../workers/lab-model';
import { ConsolePane } from '../console/ConsolePane';
import { GuestList } from '../guests/GuestList';
import { CountersPanel } from '../stats/CountersPanel';
import { OfflineServerCard } from './OfflineServerCard';
import { ServerCard } from './ServerCard';

/** One server of the lab: its card and counters beside its console, or beside its guests. */
export function ServerWorkspace({ spec }: { spec: ServerSpec }) {
  if (RUNNABLE_PLATFORMS.has(spec.platform)) {
    return (
      <div className="server-workspace">
        <div className="server-side">
          <ServerCard serverId={spec.name} />
          <CountersPanel serverId={spec.name} />
        </div>
        <ConsolePane serverId={spec.name} />
      </div>
    );
  }
  const headingId = `guests-${spec.name}`;
  return (
    <div className="server-workspace">
      <div className="server-side">
        <OfflineServerCard spec={spec} />
      </div>
      {kindsForPlatform(spec.platform).length > 0 && (
        <section className="card guests" aria-labelledby={headingId}>
          <h2 id={headingId}>Guests of {spec.name}</h2>
          <GuestList server={spec.name} />
        </section>
      )}
    </div>
  );
}

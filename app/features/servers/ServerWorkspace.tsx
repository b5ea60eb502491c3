import { kindsForPlatform, RUNNABLE_PLATFORMS, type ServerSpec } from '../../../workers/lab-model';
import { ConsolePane } from '../console/ConsolePane';
import { GuestConsoles } from './GuestConsoles';
import { GuestList } from '../guests/GuestList';
import { InsidePanel } from '../inside/InsidePanel';
import { DispatchTimeline } from '../timeline/DispatchTimeline';
import { CountersPanel } from '../stats/CountersPanel';
import { OfflineServerCard } from './OfflineServerCard';
import { ServerCard } from './ServerCard';

/** One server of the lab: its card and counters beside its console, or beside its guests. */
export function ServerWorkspace({ spec }: { spec: ServerSpec }) {
  if (spec.platform === 'bare-metal') {
    return (
      <div className="server-workspace">
        <div className="server-side">
          <ServerCard serverId={spec.name} />
          <CountersPanel serverId={spec.name} />
        </div>
        <ConsolePane serverId={spec.name} />
        <InsidePanel spec={spec} />
      </div>
    );
  }
  if (RUNNABLE_PLATFORMS.has(spec.platform)) {
    return (
      <div className="server-workspace">
        <div className="server-side">
          <ServerCard serverId={spec.name} />
          {/* Only the VMM schedules vCPUs; a host OS runs its VMs as processes of its own. */}
          {spec.platform === 'hypervisor' && <DispatchTimeline serverId={spec.name} />}
          <GuestsPanel
            server={spec.name}
            note={
              spec.platform === 'host-os'
                ? 'The host kernel has the first console: its VMs and containers are its processes (try ps, or ctr ls).'
                : 'dom0, the host domain, has the first console: its xl lists and manages these guests (try xl list).'
            }
          />
          <CountersPanel serverId={spec.name} />
        </div>
        <GuestConsoles serverId={spec.name} />
        <InsidePanel spec={spec} />
      </div>
    );
  }
  return (
    <div className="server-workspace">
      <div className="server-side">
        <OfflineServerCard spec={spec} />
      </div>
      {kindsForPlatform(spec.platform).length > 0 && <GuestsPanel server={spec.name} />}
      <InsidePanel spec={spec} />
    </div>
  );
}

function GuestsPanel({ server, note }: { server: string; note?: string }) {
  const headingId = `guests-${server}`;
  return (
    <section className="card guests" aria-labelledby={headingId}>
      <h2 id={headingId}>Guests of {server}</h2>
      <GuestList server={server} />
      {note && <p className="hint">{note}</p>}
    </section>
  );
}

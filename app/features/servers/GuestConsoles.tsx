import { useShallow } from 'zustand/react/shallow';
import { consolesOf } from '../../../workers/server-client';
import { useLabStore } from '../../store';
import { ConsolePane } from '../console/ConsolePane';

/**
 * A console per guest of a hypervisor or host-OS server, stacked, the server's own first, then
 * the domains dom0's xl created; or why there is none.
 */
export function GuestConsoles({ serverId }: { serverId: string }) {
  const consoles = useLabStore(
    useShallow((state) => {
      const config = state.servers[serverId]?.config;
      if (!config) return [];
      const configured = consolesOf(config);
      // Domains made inside dom0 (xl create) are not in the lab, but print all the same.
      const created = (state.stats[serverId]?.guests ?? [])
        .filter((guest) => guest.state !== 'refused' && !configured.includes(guest.name))
        .map((guest) => guest.name);
      return [...configured, ...created];
    }),
  );
  if (consoles.length === 0) {
    return (
      <section className="card console" aria-label={`Consoles of ${serverId}`}>
        <p className="muted">No guest runs here yet. Add one: each gets its own console here.</p>
      </section>
    );
  }
  return (
    <div className="guest-consoles">
      {consoles.map((id) => (
        <ConsolePane key={id} serverId={serverId} consoleId={id} compact />
      ))}
    </div>
  );
}

import { useShallow } from 'zustand/react/shallow';
import { consolesOf } from '../../../workers/server-client';
import { useLabStore } from '../../store';
import { ConsolePane } from '../console/ConsolePane';

/** A console per running guest of a hypervisor server, stacked; or why there is none. */
export function GuestConsoles({ serverId }: { serverId: string }) {
  const consoles = useLabStore(
    useShallow((state) => {
      const config = state.servers[serverId]?.config;
      return config ? consolesOf(config) : [];
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

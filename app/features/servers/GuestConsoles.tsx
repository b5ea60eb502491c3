import { useShallow } from 'zustand/react/shallow';
import { consolesOf } from '../../../workers/server-client';
import { useLabStore } from '../../store';
import { ConsolePane } from '../console/ConsolePane';
import { ConsoleLayoutSwitch } from './ConsoleLayoutSwitch';
import { ConsoleTabList, consolePanelId, consoleTabId } from './ConsoleTabList';
import './console-layout.css';

/**
 * A console per guest of a hypervisor or host-OS server, the server's own first, then the
 * domains dom0's xl created; or why there is none. They show in a grid (one column when the
 * window is narrow) or in tabs, one at a time, as the person chose for this server.
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
  const layout = useLabStore((state) => state.consoleLayouts[serverId] ?? 'grid');
  const chosenTab = useLabStore((state) => state.consoleTabs[serverId]);
  if (consoles.length === 0) {
    return (
      <section className="card console" aria-label={`Consoles of ${serverId}`}>
        <p className="muted">No guest runs here yet. Add one: each gets its own console here.</p>
      </section>
    );
  }
  const tabs = layout === 'tabs';
  const selected = chosenTab && consoles.includes(chosenTab) ? chosenTab : consoles[0];
  // One tree for both layouts, the panes at the same places: switching must not remount a
  // pane, which would dispose its terminal and lose what the console printed.
  return (
    <div className="guest-consoles">
      <div className="console-layout-bar">
        {tabs && <ConsoleTabList serverId={serverId} consoles={consoles} selected={selected} />}
        <ConsoleLayoutSwitch serverId={serverId} layout={layout} />
      </div>
      <div className={`console-panes console-panes-${layout}`}>
        {consoles.map((id) => (
          <div
            key={id}
            className="console-slot"
            id={tabs ? consolePanelId(serverId, id) : undefined}
            role={tabs ? 'tabpanel' : undefined}
            aria-labelledby={tabs ? consoleTabId(serverId, id) : undefined}
            hidden={tabs && id !== selected}
          >
            <ConsolePane serverId={serverId} consoleId={id} compact />
          </div>
        ))}
      </div>
    </div>
  );
}

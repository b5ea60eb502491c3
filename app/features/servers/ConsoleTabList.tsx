import { useRef, type KeyboardEvent } from 'react';
import { useLabStore } from '../../store';
import { openTerminal } from '../console/open-terminals';

export const consoleTabId = (serverId: string, consoleId: string) =>
  `console-tab-${serverId}-${consoleId}`;
export const consolePanelId = (serverId: string, consoleId: string) =>
  `console-panel-${serverId}-${consoleId}`;

/** Where each arrow key takes the focus, from tab `index` of `count`. */
function targetOf(key: string, index: number, count: number): number | undefined {
  if (key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowLeft') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

/**
 * A WAI-ARIA tablist, a tab per console: the arrow keys, Home and End select a tab (and show its
 * console); Enter, Space or a click also puts the keyboard in its console, to type at once.
 */
export function ConsoleTabList({
  serverId,
  consoles,
  selected,
}: {
  serverId: string;
  consoles: readonly string[];
  selected: string;
}) {
  const select = useLabStore((state) => state.selectConsoleTab);
  const own = useLabStore((state) =>
    state.servers[serverId]?.config.platform === 'host-os' ? 'host' : 'dom0',
  );
  const list = useRef<HTMLDivElement>(null);

  const focusConsole = (consoleId: string) => {
    select(serverId, consoleId);
    // The panel is shown by the render this selection makes: focus the terminal after it.
    requestAnimationFrame(() => openTerminal(serverId, consoleId)?.terminal.focus());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const target = targetOf(event.key, index, consoles.length);
    if (target === undefined) return;
    event.preventDefault();
    select(serverId, consoles[target]);
    list.current?.querySelectorAll<HTMLElement>('[role="tab"]')[target]?.focus();
  };

  return (
    <div
      ref={list}
      className="console-tablist"
      role="tablist"
      aria-label={`Consoles of ${serverId}`}
    >
      {consoles.map((id, index) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={consoleTabId(serverId, id)}
          className="console-tab"
          aria-selected={id === selected}
          aria-controls={consolePanelId(serverId, id)}
          tabIndex={id === selected ? 0 : -1}
          onClick={() => focusConsole(id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {id === serverId ? `${id} (${own})` : id}
        </button>
      ))}
    </div>
  );
}

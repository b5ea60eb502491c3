import { useEffect, useRef } from 'react';
import { useLabStore } from '../../store';
import { getHost } from '../servers/server-hosts';
import { registerTerminal } from './open-terminals';
import { TerminalView } from './terminal-view';
import { SERVER_CONSOLE, type ConsoleId } from '../../../workers/server-client';

const encoder = new TextEncoder();

/**
 * The serial console of one server. Output flows from the worker's console stream straight
 * into xterm (never through React state); each batch is acknowledged once xterm has parsed it.
 * Keystrokes go to the server's UART receive queue.
 */
export function ConsolePane({
  serverId,
  consoleId = SERVER_CONSOLE,
  compact = false,
}: {
  serverId: string;
  /** Which of the server's consoles: `uart0`, or a guest's name on a hypervisor. */
  consoleId?: ConsoleId;
  /** Shorter, for a server with a console per guest. */
  compact?: boolean;
}) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<TerminalView | null>(null);
  const serverName = useLabStore((state) => state.servers[serverId]?.config.name ?? serverId);
  const platform = useLabStore((state) => state.servers[serverId]?.config.platform);
  // The server's own console: dom0 on a hypervisor, the host kernel on a host OS.
  const own = platform === 'host-os' ? 'host' : 'dom0';
  const name =
    consoleId === SERVER_CONSOLE
      ? serverName
      : consoleId === serverName
        ? `${serverName} (${own})`
        : `${consoleId} on ${serverName}`;
  // A new worker generation means a new stream: re-attach, and say so in the scrollback.
  const generation = useLabStore((state) => state.servers[serverId]?.generation ?? 0);

  // The terminal lives as long as the pane, so a restart keeps what the crashed server printed.
  useEffect(() => {
    const created = new TerminalView(container.current!);
    view.current = created;
    return () => {
      view.current = null;
      created.dispose();
    };
  }, []);

  useEffect(() => {
    const created = view.current;
    return created ? registerTerminal(serverId, consoleId, created) : undefined;
  }, [serverId, consoleId]);

  useEffect(() => {
    const terminal = view.current?.terminal;
    const host = getHost(serverId);
    const stream = host?.consoles.get(consoleId);
    if (!terminal || !host || !stream) return;
    if (generation > 1) terminal.write('\r\n\x1b[90m── the server was restarted ──\x1b[0m\r\n');
    const element = container.current!;
    const detach = stream.attach({
      write: (bytes, done) => terminal.write(bytes, done),
      focused: () => element.contains(document.activeElement),
    });
    const input = terminal.onData((data) => host.sendInput(consoleId, encoder.encode(data)));
    return () => {
      input.dispose();
      detach();
    };
  }, [serverId, consoleId, generation]);

  // A guest that stopped says why in its own console too, where the student is looking.
  const ending = useLabStore((state) => {
    const guest = state.stats[serverId]?.guests?.find((g) => g.name === consoleId);
    if (!guest || ['running', 'paused', 'starting'].includes(guest.state)) return undefined;
    return `${consoleId}: ${guest.state}${guest.reason ? ` (${guest.reason})` : ''}`;
  });
  useEffect(() => {
    if (ending) view.current?.terminal.write(`\r\n\x1b[90m── ${ending} ──\x1b[0m\r\n`);
  }, [ending]);

  const headingId = `console-${serverId}-${consoleId}`;
  return (
    <section
      className={`card console${compact ? ' console-compact' : ''}`}
      aria-labelledby={headingId}
    >
      <header className="card-header">
        <h2 id={headingId}>Console · {name}</h2>
        <p className="hint" id={`${headingId}-hint`}>
          Click to type. <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>C</kbd> copies, <kbd>Ctrl</kbd>+
          <kbd>Shift</kbd>+<kbd>V</kbd> pastes.
        </p>
      </header>
      <div className="terminal-frame">
        {/* xterm measures this element to fit; it has no padding of its own. */}
        <div
          ref={container}
          className="terminal-host"
          role="group"
          aria-label={`Serial console of ${name}`}
          aria-describedby={`${headingId}-hint`}
          data-testid="console"
        />
      </div>
    </section>
  );
}

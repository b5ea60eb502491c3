import { openTerminal } from '../console/open-terminals';
import { getHost } from '../servers/server-hosts';
import type { BenchConsole } from './bench-run';
import type { BenchTarget } from './bench-targets';

const encoder = new TextEncoder();

/**
 * A target's console for a bench run: its output stream, and its keyboard. Keys go through
 * the console pane's terminal when it is on the page, exactly as typed keys do; a console with
 * no pane gets them straight on its receive queue, which is where the pane would send them.
 */
export function benchConsole(target: BenchTarget): BenchConsole | undefined {
  const host = getHost(target.serverId);
  const stream = host?.consoles.get(target.consoleId);
  if (!host || !stream) return undefined;
  return {
    tap: (reader) => stream.tap(reader),
    type: (text) => {
      const pane = openTerminal(target.serverId, target.consoleId);
      if (pane) pane.terminal.input(text, true);
      else host.sendInput(target.consoleId, encoder.encode(text));
    },
  };
}

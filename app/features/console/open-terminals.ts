import type { TerminalView } from './terminal-view';

/**
 * The console panes on the page, by server and console, so features that act on a console as a
 * person would (the compare view typing `bench`, the browser benchmark timing an echo) go
 * through the pane's own terminal and input path.
 */
const open = new Map<string, TerminalView>();

const keyOf = (serverId: string, consoleId: string) => `${serverId}/${consoleId}`;

/** Records the pane's terminal; returns the function that forgets it. */
export function registerTerminal(
  serverId: string,
  consoleId: string,
  view: TerminalView,
): () => void {
  const key = keyOf(serverId, consoleId);
  open.set(key, view);
  return () => {
    if (open.get(key) === view) open.delete(key);
  };
}

export function openTerminal(serverId: string, consoleId: string): TerminalView | undefined {
  return open.get(keyOf(serverId, consoleId));
}

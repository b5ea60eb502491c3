import { getHost, launchServer } from './features/servers/server-hosts';
import { useLabStore } from './store';

/**
 * `window.hyperlab`: a few handles for the browser tests and the curious (try it in the
 * devtools console). Nothing in the UI depends on it.
 */
export interface DebugHooks {
  /** Makes the server's worker die of an uncaught error, as an engine bug would. */
  crashWorker(serverId: string): void;
  restartServer(serverId: string): Promise<void>;
  /** A snapshot of the store's plain data. */
  state(): unknown;
}

declare global {
  interface Window {
    hyperlab?: DebugHooks;
  }
}

export function installDebugHooks(): void {
  window.hyperlab = {
    crashWorker: (serverId) => getHost(serverId)?.crashForTesting(),
    restartServer: launchServer,
    state: () => {
      const { serverIds, servers, stats, theme } = useLabStore.getState();
      return { serverIds, servers, stats, theme };
    },
  };
}

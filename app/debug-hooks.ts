import { measureEcho } from './features/console/echo-probe';
import { syncServers } from './features/servers/lab-runner';
import { getHost, launchServer } from './features/servers/server-hosts';
import { useLabStore } from './store';

/**
 * `window.hyperlab`: a few handles for the browser tests and the curious (try it in the
 * devtools console). Nothing in the UI depends on it.
 */
export interface DebugHooks {
  /** Makes the server's worker die of an uncaught error, as an engine bug would. */
  crashWorker(serverId: string): void;
  /** Makes the server's worker loop forever, as an engine bug could. */
  hangWorker(serverId: string): void;
  restartServer(serverId: string): Promise<void>;
  /** Adds a bare-metal server to the lab; resolves once it has launched. */
  addServer(serverId: string, memoryMiB?: number, harts?: number): Promise<void>;
  /**
   * Starts timing the next key pressed in a console until its echo (`text`) is drawn there
   * (features/console/echo-probe.ts); `echoLatency` then resolves to the milliseconds. Two
   * calls, so a test can press the key once the timing is surely armed. bench:ui uses them.
   */
  armEcho(serverId: string, consoleId: string, text: string): void;
  echoLatency(): Promise<number>;
  /** A snapshot of the store's plain data. */
  state(): unknown;
}

declare global {
  interface Window {
    hyperlab?: DebugHooks;
  }
}

export function installDebugHooks(): void {
  let echo: Promise<number> | undefined;
  window.hyperlab = {
    crashWorker: (serverId) => getHost(serverId)?.crashForTesting(),
    hangWorker: (serverId) => getHost(serverId)?.hangForTesting(),
    restartServer: launchServer,
    addServer: (serverId, memoryMiB = 64, harts = 1) => {
      const issues = useLabStore.getState().saveServer(null, {
        name: serverId,
        memoryMiB,
        harts,
        hardwareVirtualization: false,
        platform: 'bare-metal',
      });
      if (issues.length > 0) return Promise.reject(new Error(issues[0].message));
      return syncServers();
    },
    armEcho: (serverId, consoleId, text) => {
      echo = measureEcho(serverId, consoleId, text);
      // Read through echoLatency; until then a failure is not an unhandled rejection.
      echo.catch(() => {});
    },
    echoLatency: () => echo ?? Promise.reject(new Error('armEcho was not called')),
    state: () => {
      const { lab, serverIds, servers, stats, theme, presentation } = useLabStore.getState();
      return { lab, serverIds, servers, stats, theme, presentation };
    },
  };
}

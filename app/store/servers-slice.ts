import type { StateCreator } from 'zustand';
import type { ServerConfig, ServerStatus } from '../../workers/server-client';
import type { LabState } from './index';

/** A problem the student must see on the server's card, in two parts: what and why. */
export interface ServerProblem {
  readonly title: string;
  /** The underlying message, usually the engine's own words. */
  readonly detail: string;
}

export interface ServerEntry {
  readonly id: string;
  readonly config: ServerConfig;
  /** Where the boot image comes from (a URL relative to the app). */
  readonly imageUrl: string;
  /** The machine's state as the worker last reported it. */
  readonly status: ServerStatus;
  /** False while the worker is starting and after it crashed. */
  readonly workerAlive: boolean;
  /** Incremented each time a worker is started for this server, so views re-attach. */
  readonly generation: number;
  readonly problem: ServerProblem | undefined;
}

export type ServerChange = Partial<Omit<ServerEntry, 'id'>>;

export interface ServersSlice {
  readonly serverIds: readonly string[];
  readonly servers: Readonly<Record<string, ServerEntry>>;
  addServer(id: string, config: ServerConfig, imageUrl: string): void;
  updateServer(id: string, change: ServerChange): void;
  /** Forgets a server that left the lab (its worker is already gone). */
  forgetServer(id: string): void;
}

export const INITIAL_STATUS: ServerStatus = { state: 'empty' };

export const createServersSlice: StateCreator<LabState, [], [], ServersSlice> = (set) => ({
  serverIds: [],
  servers: {},
  addServer: (id, config, imageUrl) =>
    set((state) => ({
      serverIds: state.servers[id] ? state.serverIds : [...state.serverIds, id],
      servers: {
        ...state.servers,
        [id]: {
          id,
          config,
          imageUrl,
          status: INITIAL_STATUS,
          workerAlive: false,
          generation: 0,
          problem: undefined,
        },
      },
    })),
  updateServer: (id, change) =>
    set((state) => {
      const entry = state.servers[id];
      if (!entry) return {};
      return { servers: { ...state.servers, [id]: { ...entry, ...change } } };
    }),
  forgetServer: (id) =>
    set((state) => {
      if (!state.servers[id]) return {};
      const { [id]: _gone, ...servers } = state.servers;
      const { [id]: _stats, ...stats } = state.stats;
      return { serverIds: state.serverIds.filter((s) => s !== id), servers, stats };
    }),
});

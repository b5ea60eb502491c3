import type { StateCreator } from 'zustand';
import type { GuestView, HartView, InsideSample, MachineStats } from '../../workers/server-client';
import type { LabState } from './index';

/** The latest counters of one server, refreshed a few times a second. */
export interface StatsEntry {
  /** The engine's counters; null until the machine exists. */
  readonly stats: MachineStats | null;
  readonly harts: readonly HartView[];
  readonly instructionsPerSecond: number;
  readonly hostLoad: number;
  readonly consoleBacklog: number;
  /** The guest domains of a hypervisor server. */
  readonly guests: readonly GuestView[];
  /** Hypervisor servers: the trace since the previous sample and the recent dispatches. */
  readonly inside?: InsideSample;
}

export interface StatsSlice {
  readonly stats: Readonly<Record<string, StatsEntry>>;
  setStats(id: string, entry: StatsEntry): void;
  /** Zeroes the rates of a server that stopped for good (its worker died); counts stay. */
  stopRates(id: string): void;
}

export const createStatsSlice: StateCreator<LabState, [], [], StatsSlice> = (set) => ({
  stats: {},
  setStats: (id, entry) => set((state) => ({ stats: { ...state.stats, [id]: entry } })),
  stopRates: (id) =>
    set((state) => {
      const entry = state.stats[id];
      if (!entry) return {};
      return {
        // The trace batch went with the sample that brought it; it must not be read twice.
        stats: {
          ...state.stats,
          [id]: { ...entry, instructionsPerSecond: 0, hostLoad: 0, inside: undefined },
        },
      };
    }),
});

import type { StateCreator } from 'zustand';
import type { MachineStats } from '../../workers/server-client';
import type { LabState } from './index';

/** The latest counters of one server, refreshed a few times a second. */
export interface StatsEntry {
  /** The engine's counters; null until the machine exists. */
  readonly stats: MachineStats | null;
  readonly instructionsPerSecond: number;
  readonly hostLoad: number;
  readonly consoleBacklog: number;
}

export interface StatsSlice {
  readonly stats: Readonly<Record<string, StatsEntry>>;
  setStats(id: string, entry: StatsEntry): void;
}

export const createStatsSlice: StateCreator<LabState, [], [], StatsSlice> = (set) => ({
  stats: {},
  setStats: (id, entry) => set((state) => ({ stats: { ...state.stats, [id]: entry } })),
});

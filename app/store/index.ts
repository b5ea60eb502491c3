/**
 * The app's one store, built from typed slices. It holds plain data only: workers, terminals
 * and console bytes live outside it (see features/servers/server-hosts.ts), so a chatty guest
 * never re-renders React.
 */
import { create } from 'zustand';
import { createServersSlice, type ServersSlice } from './servers-slice';
import { createStatsSlice, type StatsSlice } from './stats-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type LabState = ServersSlice & StatsSlice & UiSlice;

export const useLabStore = create<LabState>()((...args) => ({
  ...createServersSlice(...args),
  ...createStatsSlice(...args),
  ...createUiSlice(...args),
}));

export type { ServerChange, ServerEntry, ServerProblem } from './servers-slice';
export type { StatsEntry } from './stats-slice';
export type { ThemeChoice } from './ui-slice';

/**
 * The app's one store, built from typed slices. It holds plain data only: workers, terminals
 * and console bytes live outside it (see features/servers/server-hosts.ts), so a chatty guest
 * never re-renders React.
 */
import { create } from 'zustand';
import { createLabSlice, type LabSlice } from './lab-slice';
import { createServersSlice, type ServersSlice } from './servers-slice';
import { createStatsSlice, type StatsSlice } from './stats-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type LabState = LabSlice & ServersSlice & StatsSlice & UiSlice;

/** Builds a store; the page has one (`useLabStore`), tests build their own. */
export function createLabStore() {
  return create<LabState>()((...args) => ({
    ...createLabSlice(...args),
    ...createServersSlice(...args),
    ...createStatsSlice(...args),
    ...createUiSlice(...args),
  }));
}

export const useLabStore = createLabStore();

export type { GuestDraft, ServerDraft } from './lab-edits';
export type { ServerChange, ServerEntry, ServerProblem } from './servers-slice';
export type { StatsEntry } from './stats-slice';
export type { ConsoleLayout, DialogState, Notice, ThemeChoice } from './ui-slice';

import type { StateCreator } from 'zustand';
import type { Lab, LabIssue } from '../../workers/lab-model';
import type { LabState } from './index';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** How a server's consoles are laid out: side by side in a grid, or one at a time in tabs. */
export type ConsoleLayout = 'grid' | 'tabs';

/** The one dialog open at a time, with what it edits. */
export type DialogState =
  | { readonly kind: 'server'; readonly index: number | null }
  /** `index` null adds a guest; `server` is where it goes first (the form can change it). */
  | { readonly kind: 'guest'; readonly server: string; readonly index: number | null }
  | { readonly kind: 'scenarios' }
  | { readonly kind: 'shortcuts' };

/** A message at the top of the page: what happened, and for problems the engine's issues. */
export interface Notice {
  readonly tone: 'info' | 'danger';
  readonly text: string;
  readonly issues?: readonly LabIssue[];
  /** A link to show in full, selectable (the share link). */
  readonly link?: string;
  /** The lab before a removal, for its Undo button. */
  readonly undo?: Lab;
}

export interface UiSlice {
  readonly theme: ThemeChoice;
  /** Large type and high contrast, for a projector at the back of a lecture hall. */
  readonly presentation: boolean;
  readonly dialog: DialogState | null;
  readonly notice: Notice | null;
  /** Per server; a server not listed shows the grid. Not saved in the lab file. */
  readonly consoleLayouts: Readonly<Record<string, ConsoleLayout>>;
  /** Per server, the console whose tab is selected; absent, the first. */
  readonly consoleTabs: Readonly<Record<string, string>>;
  setTheme(theme: ThemeChoice): void;
  setPresentation(on: boolean): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  showNotice(notice: Notice | null): void;
  setConsoleLayout(serverId: string, layout: ConsoleLayout): void;
  selectConsoleTab(serverId: string, consoleId: string): void;
}

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  theme: 'system',
  presentation: false,
  dialog: null,
  notice: null,
  consoleLayouts: {},
  consoleTabs: {},
  setTheme: (theme) => set({ theme }),
  setPresentation: (presentation) => set({ presentation }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  showNotice: (notice) => set({ notice }),
  setConsoleLayout: (serverId, layout) =>
    set((state) => ({ consoleLayouts: { ...state.consoleLayouts, [serverId]: layout } })),
  selectConsoleTab: (serverId, consoleId) =>
    set((state) => ({ consoleTabs: { ...state.consoleTabs, [serverId]: consoleId } })),
});

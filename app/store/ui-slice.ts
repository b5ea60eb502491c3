import type { StateCreator } from 'zustand';
import type { LabState } from './index';

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface UiSlice {
  readonly theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
}

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  theme: 'system',
  setTheme: (theme) => set({ theme }),
});

import type { StateCreator } from 'zustand';
import type { Lab, LabIssue } from '../../workers/lab-model';
import type { LabState } from './index';
import {
  DEFAULT_LAB,
  checkEdit,
  withGuest,
  withName,
  withServer,
  withoutGuest,
  withoutServer,
  type GuestDraft,
  type ServerDraft,
} from './lab-edits';

/**
 * The lab being built, in the engine's lab-file format. Every edit returns the engine's issues;
 * an edit with issues changes nothing, so the lab held here is always valid.
 */
export interface LabSlice {
  readonly lab: Lab;
  /** Replaces the whole lab (a file, a link, a scenario); the caller has validated it. */
  replaceLab(lab: Lab): void;
  saveServer(index: number | null, draft: ServerDraft): readonly LabIssue[];
  removeServer(name: string): readonly LabIssue[];
  saveGuest(index: number | null, draft: GuestDraft): readonly LabIssue[];
  removeGuest(index: number): readonly LabIssue[];
  renameLab(name: string): readonly LabIssue[];
}

export const createLabSlice: StateCreator<LabState, [], [], LabSlice> = (set, get) => {
  const apply = (candidate: unknown): readonly LabIssue[] => {
    const result = checkEdit(candidate);
    if (!result.ok) return result.issues;
    set({ lab: result.lab });
    return [];
  };
  return {
    lab: DEFAULT_LAB,
    replaceLab: (lab) => set({ lab }),
    saveServer: (index, draft) => apply(withServer(get().lab, index, draft)),
    removeServer: (name) => apply(withoutServer(get().lab, name)),
    saveGuest: (index, draft) => apply(withGuest(get().lab, index, draft)),
    removeGuest: (index) => apply(withoutGuest(get().lab, index)),
    renameLab: (name) => apply(withName(get().lab, name)),
  };
};

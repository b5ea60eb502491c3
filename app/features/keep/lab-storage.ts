/**
 * Work kept across reloads: the lab is written to localStorage on every change and read back
 * when the page opens. What is read is validated like a file, so a lab saved by an older or
 * newer Hyperlab that this one cannot read is ignored rather than half-loaded.
 */
import { parseLabText, type Lab, type LabResult } from '../../../workers/lab-model';

export const STORAGE_KEY = 'hyperlab.lab';

/** The subset of the Storage API used here, so tests can pass a Map-backed stand-in. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export function storeLab(storage: KeyValueStore, lab: Lab): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(lab));
  } catch {
    // Storage full or disabled (private windows): the lab still lives in the page.
  }
}

/** The kept lab, or undefined when nothing was kept. */
export function restoreLab(storage: KeyValueStore): LabResult | undefined {
  let text: string | null;
  try {
    text = storage.getItem(STORAGE_KEY);
  } catch {
    return undefined;
  }
  return text === null ? undefined : parseLabText(text);
}

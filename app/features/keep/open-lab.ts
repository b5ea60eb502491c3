/**
 * How a lab comes in (a file, a link, a scenario, the kept copy) and goes out (a file, a
 * link). Whatever comes in is validated by the engine first; a lab with issues is reported
 * with every issue and the lab on screen stays as it was.
 */
import type { LabResult } from '../../../workers/lab-model';
import { useLabStore } from '../../store';
import { downloadLab, readLabFile } from './lab-file';
import { restoreLab, storeLab } from './lab-storage';
import { codeFromHash, decodeLab, labLink } from './share-link';

/** The id of the page's one hidden file input (see OpenLabInput). */
export const OPEN_LAB_INPUT_ID = 'open-lab-file';

/** Applies `result` if the engine accepted it; otherwise says why and keeps the current lab. */
export function openLab(result: LabResult, from: string): boolean {
  const { replaceLab, showNotice } = useLabStore.getState();
  if (result.ok) {
    replaceLab(result.lab);
    showNotice({ tone: 'info', text: `Opened “${result.lab.name}” from ${from}.` });
    return true;
  }
  showNotice({
    tone: 'danger',
    text: `${capitalize(from)} is not a lab this Hyperlab can open. Your lab was kept as it was.`,
    issues: result.issues,
  });
  return false;
}

export async function openLabFile(file: File): Promise<void> {
  openLab(await readLabFile(file), `the file ${file.name}`);
}

export function chooseLabFile(): void {
  document.getElementById(OPEN_LAB_INPUT_ID)?.click();
}

export function saveLabFile(): void {
  downloadLab(useLabStore.getState().lab);
}

/** Makes the share link, copies it when the browser allows, and shows it either way. */
export async function shareLab(): Promise<void> {
  const link = await labLink(useLabStore.getState().lab, location.href);
  let copied = false;
  try {
    await navigator.clipboard.writeText(link);
    copied = true;
  } catch {
    // No clipboard permission: the link is shown for copying by hand.
  }
  useLabStore.getState().showNotice({
    tone: 'info',
    text: copied
      ? 'Link copied. Whoever opens it gets this lab (the link holds the whole lab).'
      : 'Copy this link: whoever opens it gets this lab (the link holds the whole lab).',
    link,
  });
}

/**
 * Opens the lab a link carries, then drops the fragment, so a reload shows the work kept since
 * rather than the link's lab again.
 */
export async function openLinkInAddress(): Promise<boolean> {
  const code = codeFromHash(location.hash);
  if (code === undefined) return false;
  openLab(await decodeLab(code), 'the shared link');
  history.replaceState(null, '', location.pathname + location.search);
  return true;
}

/** The lab of the last visit, if it was kept; a kept lab this build cannot read is reported. */
export function restoreKeptLab(): void {
  const result = restoreLab(localStorage);
  if (!result) return;
  if (result.ok) useLabStore.getState().replaceLab(result.lab);
  else openLab(result, 'the lab kept from your last visit');
}

/** Writes the lab to localStorage on every change; returns the unsubscriber. */
export function keepLabSaved(): () => void {
  return useLabStore.subscribe((state, previous) => {
    if (state.lab !== previous.lab) storeLab(localStorage, state.lab);
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A lab as a `.json` file on the student's disk: the engine's lab-file format, indented. */
import { parseLabText, type Lab, type LabResult } from '../../../workers/lab-model';

export function labFileText(lab: Lab): string {
  return JSON.stringify(lab, null, 2) + '\n';
}

/** A file name from the lab's name: `one-of-each-kind.json`. */
export function labFileName(lab: Lab): string {
  const slug = lab.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'lab'}.json`;
}

/** Offers the lab as a download. */
export function downloadLab(lab: Lab): void {
  const url = URL.createObjectURL(new Blob([labFileText(lab)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = labFileName(lab);
  link.click();
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export async function readLabFile(file: Blob): Promise<LabResult> {
  return parseLabText(await file.text());
}

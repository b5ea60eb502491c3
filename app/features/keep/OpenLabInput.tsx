import { OPEN_LAB_INPUT_ID, openLabFile } from './open-lab';

/** The page's one file input for lab files, hidden; the Open file command clicks it. */
export function OpenLabInput() {
  return (
    <input
      id={OPEN_LAB_INPUT_ID}
      type="file"
      accept=".json,application/json"
      className="visually-hidden"
      tabIndex={-1}
      aria-label="Open a lab file"
      onChange={(event) => {
        const file = event.target.files?.[0];
        // Cleared, so choosing the same file again still counts as a change.
        event.target.value = '';
        if (file) void openLabFile(file);
      }}
    />
  );
}

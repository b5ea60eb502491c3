import { useState } from 'react';
import { useLabStore } from '../../store';

/**
 * The lab's name, editable in place: applied on Enter or when focus leaves, refused with the
 * engine's reason when it is not a valid name (and then put back as it was).
 */
export function LabName() {
  const name = useLabStore((state) => state.lab.name);
  const renameLab = useLabStore((state) => state.renameLab);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const commit = () => {
    if (draft === undefined) return;
    const issues = renameLab(draft);
    setError(issues.length ? issues.map((i) => i.message).join('; ') : undefined);
    setDraft(undefined);
  };
  return (
    <div className="lab-name">
      <label htmlFor="lab-name">Lab name</label>
      <input
        id="lab-name"
        value={draft ?? name}
        maxLength={100}
        aria-invalid={!!error}
        aria-describedby={error ? 'lab-name-error' : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(undefined);
        }}
      />
      {error && (
        <p className="field-error" id="lab-name-error">
          {error}
        </p>
      )}
    </div>
  );
}

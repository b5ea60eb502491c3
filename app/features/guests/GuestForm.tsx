import { useState, type FormEvent } from 'react';
import { GUEST_KIND_FACTS, MAX_HARTS } from '../../../workers/lab-model';
import { useLabStore } from '../../store';
import { guestFormIssues, NO_ISSUES, type FieldIssues } from '../lab/field-issues';
import { FormField, NumberField, OtherIssues } from '../lab/FormField';
import { guestDraft, type GuestFormValues } from './guest-form';
import { ChosenKind } from './ChosenKind';
import { ServerPicker } from './ServerPicker';

/** A guest's settings with the defaults filled in; saved only when the engine accepts them. */
export function GuestForm({
  index,
  initial,
  onChangeKind,
}: {
  index: number | null;
  initial: GuestFormValues;
  onChangeKind(values: GuestFormValues): void;
}) {
  const lab = useLabStore((state) => state.lab);
  const saveGuest = useLabStore((state) => state.saveGuest);
  const closeDialog = useLabStore((state) => state.closeDialog);
  const [values, setValues] = useState(initial);
  const [issues, setIssues] = useState<FieldIssues>(NO_ISSUES);
  const set = (change: Partial<GuestFormValues>) => setValues((v) => ({ ...v, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const draft = guestDraft(values);
    const found = saveGuest(index, draft);
    if (found.length === 0) closeDialog();
    else setIssues(guestFormIssues(found, index, draft, lab));
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <OtherIssues issues={issues} />
      <ChosenKind
        kind={values.kind}
        errors={issues.fields.kind}
        onChange={() => onChangeKind(values)}
      />
      <ServerPicker
        value={values.server}
        errors={issues.fields.server}
        onChange={(server) => set({ server })}
      />
      <FormField field="name" label="Name" issues={issues} hint="Lowercase letters, digits and -">
        {(props) => (
          <input
            {...props}
            value={values.name}
            autoFocus
            onChange={(e) => set({ name: e.target.value })}
          />
        )}
      </FormField>
      <div className="field-row">
        <NumberField
          field="vcpus"
          label="vCPUs"
          issues={issues}
          hint="No more than the server's harts"
          min={1}
          max={MAX_HARTS}
          value={values.vcpus}
          onChange={(text) => set({ vcpus: text })}
        />
        <NumberField
          field="memoryMiB"
          label={values.kind === 'container' ? 'Memory limit (MiB)' : 'Memory (MiB)'}
          issues={issues}
          hint={`At least ${GUEST_KIND_FACTS[values.kind].minMemoryMiB} MiB`}
          min={1}
          value={values.memoryMiB}
          onChange={(text) => set({ memoryMiB: text })}
        />
      </div>
      <div className="field-row">
        <NumberField
          field="weight"
          label="Scheduler weight"
          issues={issues}
          hint="Share of CPU relative to other guests (256 is normal)"
          min={1}
          max={65535}
          value={values.weight}
          onChange={(text) => set({ weight: text })}
        />
        <NumberField
          field="cap"
          label="Cap (% of one hart)"
          issues={issues}
          hint="0 for no cap"
          min={0}
          value={values.cap}
          onChange={(text) => set({ cap: text })}
        />
      </div>
      <FormField
        field="image"
        label="Image (optional)"
        issues={issues}
        hint={`Empty: ${GUEST_KIND_FACTS[values.kind].defaultImage}`}
      >
        {(props) => (
          <input
            {...props}
            value={values.image}
            placeholder={GUEST_KIND_FACTS[values.kind].defaultImage}
            onChange={(e) => set({ image: e.target.value })}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="button" className="button" onClick={closeDialog}>
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          {index === null ? 'Add guest' : 'Save guest'}
        </button>
      </div>
    </form>
  );
}

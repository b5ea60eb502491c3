import { useState, type FormEvent } from 'react';
import {
  DEFAULT_DOM0_MIB,
  MAX_HARTS,
  MAX_SERVER_MEMORY_MIB,
  PLATFORMS,
} from '../../../workers/lab-model';
import { useLabStore } from '../../store';
import { PLATFORM_LABELS } from '../guests/kind-guide';
import { Dialog } from './Dialog';
import { NO_ISSUES, serverFormIssues, type FieldIssues } from './field-issues';
import { FormField, NumberField, OtherIssues } from './FormField';
import { serverDraft, serverFormValues, type ServerFormValues } from './server-form';

/** Adds a physical server (index null) or edits one; nothing changes until the engine agrees. */
export function ServerDialog({ index }: { index: number | null }) {
  const lab = useLabStore((state) => state.lab);
  const saveServer = useLabStore((state) => state.saveServer);
  const closeDialog = useLabStore((state) => state.closeDialog);
  const editing = index === null ? undefined : lab.servers[index];
  const [values, setValues] = useState<ServerFormValues>(() => serverFormValues(lab, editing));
  const [issues, setIssues] = useState<FieldIssues>(NO_ISSUES);
  const set = (change: Partial<ServerFormValues>) => setValues((v) => ({ ...v, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const draft = serverDraft(values);
    const found = saveServer(index, draft);
    if (found.length === 0) closeDialog();
    else setIssues(serverFormIssues(found, index, draft, lab));
  };

  return (
    <Dialog title={editing ? `Edit server ${editing.name}` : 'Add a physical server'}>
      <form className="form" onSubmit={submit} noValidate>
        <OtherIssues issues={issues} />
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
        <FormField field="platform" label="What runs on the hardware" issues={issues}>
          {(props) => (
            <select
              {...props}
              value={values.platform}
              onChange={(e) => set({ platform: e.target.value as ServerFormValues['platform'] })}
            >
              {PLATFORMS.map((platform) => (
                <option key={platform} value={platform}>
                  {PLATFORM_LABELS[platform]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div className="field-row">
          <NumberField
            field="harts"
            label="Harts (CPU cores)"
            issues={issues}
            hint={`1 to ${MAX_HARTS}`}
            min={1}
            max={MAX_HARTS}
            value={values.harts}
            onChange={(text) => set({ harts: text })}
          />
          <NumberField
            field="memoryMiB"
            label="Memory (MiB)"
            issues={issues}
            hint={`16 to ${MAX_SERVER_MEMORY_MIB}`}
            min={16}
            max={MAX_SERVER_MEMORY_MIB}
            value={values.memoryMiB}
            onChange={(text) => set({ memoryMiB: text })}
          />
        </div>
        <FormField
          field="hardwareVirtualization"
          label="Hardware virtualization (the CPU's H extension)"
          issues={issues}
          hint="Needed by hw and kvm guests; full, bt, pv, uml and containers run without it."
        >
          {(props) => (
            <input
              {...props}
              type="checkbox"
              checked={values.hardwareVirtualization}
              onChange={(e) => set({ hardwareVirtualization: e.target.checked })}
            />
          )}
        </FormField>
        {values.platform === 'hypervisor' && (
          <NumberField
            field="dom0MemoryMiB"
            label="Memory of dom0 (MiB)"
            issues={issues}
            hint={`Empty: ${DEFAULT_DOM0_MIB} MiB`}
            min={8}
            placeholder={String(DEFAULT_DOM0_MIB)}
            value={values.dom0MemoryMiB}
            onChange={(text) => set({ dom0MemoryMiB: text })}
          />
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            {editing ? 'Save server' : 'Add server'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

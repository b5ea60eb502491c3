import { useId } from 'react';
import { useLabStore } from '../../store';
import { hostingServers } from './guest-form';

/** Chooses which server a guest goes on, among those that host guests. */
export function ServerPicker({
  value,
  onChange,
  errors = [],
}: {
  value: string;
  onChange(server: string): void;
  /** The engine's issues with this guest's server. */
  errors?: readonly string[];
}) {
  const lab = useLabStore((state) => state.lab);
  const id = useId();
  return (
    <div
      className={`field field-inline${errors.length ? ' field-invalid' : ''}`}
      data-field="server"
    >
      <label htmlFor={id}>Server</label>
      <select
        id={id}
        value={value}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {hostingServers(lab).map((server) => (
          <option key={server.name} value={server.name}>
            {server.name} ({server.platform}
            {server.hardwareVirtualization ? ', hardware virtualization' : ''})
          </option>
        ))}
      </select>
      {errors.length > 0 && (
        <p className="field-error" id={`${id}-error`}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}

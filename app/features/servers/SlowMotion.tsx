import { useId, useState } from 'react';
import { setPace } from './server-hosts';

/** The paces a student can pick, as fractions of normal speed. */
const PACES = [
  { rate: 1, label: 'Normal speed' },
  { rate: 0.1, label: '1/10' },
  { rate: 0.01, label: '1/100' },
  { rate: 0.001, label: '1/1000' },
] as const;

/**
 * Slow motion: the server's guests run at a fraction of their pace, so counters, the trace and
 * a console's output move slowly enough to watch. A rebuilt server starts at normal speed; the
 * card remounts this control with it (keyed by the worker's generation).
 */
export function SlowMotion({ serverId }: { serverId: string }) {
  const [rate, setRate] = useState<number>(1);
  const id = useId();
  return (
    <div className="field-inline">
      <label htmlFor={id}>Pace</label>
      <select
        id={id}
        value={rate}
        title="Slow motion: run this server's guests at a fraction of their normal pace"
        onChange={(event) => {
          const next = Number(event.target.value);
          setRate(next);
          void setPace(serverId, next);
        }}
      >
        {PACES.map((pace) => (
          <option key={pace.rate} value={pace.rate}>
            {pace.label}
          </option>
        ))}
      </select>
    </div>
  );
}

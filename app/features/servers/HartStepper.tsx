import { useId, useState } from 'react';
import type { HartStepResult } from '../../../workers/server-client';
import { useLabStore } from '../../store';
import { stepHart } from './server-hosts';

const MAX_STEPS = 1_000_000;

/**
 * Single-step by instructions: hart (and on a hypervisor the vCPU it carries) and a count; the
 * hart runs exactly that many steps, the others stand still, and the line under it says what
 * retired and where the hart is now (the hart table shows the same, with the others).
 */
export function HartStepper({ serverId }: { serverId: string }) {
  const harts = useLabStore((state) => state.stats[serverId]?.harts);
  const name = useLabStore((state) => state.servers[serverId]?.config.name ?? serverId);
  const paused = useLabStore((state) => {
    const server = state.servers[serverId];
    const status = server?.status.state;
    return !!server?.workerAlive && (status === 'paused' || status === 'ready');
  });
  const [hart, setHart] = useState(0);
  const [steps, setSteps] = useState(1);
  const [last, setLast] = useState<HartStepResult>();
  const id = useId();
  if (!harts || harts.length === 0) return null;
  const valid = Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS;
  return (
    <form
      className="hart-stepper"
      aria-label={`Step instructions on ${name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void stepHart(serverId, hart, steps).then(setLast);
      }}
    >
      <label htmlFor={`${id}-hart`}>Hart</label>
      <select id={`${id}-hart`} value={hart} onChange={(e) => setHart(Number(e.target.value))}>
        {harts.map((view) => (
          <option key={view.hart} value={view.hart}>
            {view.hart}
            {view.vcpu ? ` (${view.vcpu})` : ''}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-steps`}>Instructions</label>
      <input
        id={`${id}-steps`}
        type="number"
        min={1}
        max={MAX_STEPS}
        value={Number.isNaN(steps) ? '' : steps}
        aria-invalid={!valid}
        onChange={(e) => setSteps(e.target.valueAsNumber)}
      />
      <button
        type="submit"
        className="button button-small"
        disabled={!paused || !valid}
        title="Pause the server first; a trapping instruction counts as one step"
      >
        Step instructions <span className="visually-hidden">on {name}</span>
      </button>
      <p className="muted hart-step-result" aria-live="polite" data-testid="hart-step-result">
        {last && describeStep(last)}
      </p>
    </form>
  );
}

function describeStep({ retired, hart }: HartStepResult): string {
  const pc = `0x${hart.pc.toString(16).padStart(8, '0')}`;
  const plural = retired === 1 ? '' : 's';
  const asleep = hart.waiting ? ' It sleeps in WFI: only an interrupt moves it on.' : '';
  return (
    `Hart ${hart.hart} retired ${retired} instruction${plural}; ` +
    `now at ${pc} in ${hart.mode}-mode, ${hart.instructions.toLocaleString('en-US')} in all.${asleep}`
  );
}

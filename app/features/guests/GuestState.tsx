import type { GuestView } from '../../../workers/server-client';

const TONES: Record<string, { label: string; tone: string }> = {
  starting: { label: 'Starting', tone: 'neutral' },
  running: { label: 'Running', tone: 'ok' },
  paused: { label: 'Paused', tone: 'warn' },
  shutdown: { label: 'Shut down', tone: 'neutral' },
  crashed: { label: 'Crashed', tone: 'danger' },
  destroyed: { label: 'Destroyed', tone: 'neutral' },
  refused: { label: 'Refused', tone: 'danger' },
};

/** A running guest's state as the VMM reports it, and why it stopped, in the VMM's words. */
export function GuestState({ view }: { view: GuestView | undefined }) {
  if (!view) return <span className="badge badge-neutral guest-state">Starting</span>;
  const { label, tone } = TONES[view.state] ?? { label: view.state, tone: 'neutral' };
  return (
    <>
      <span className={`badge badge-${tone} guest-state`} data-testid="guest-state">
        {label}
      </span>
      {view.reason && (
        <p className="guest-note" role={tone === 'danger' ? 'alert' : undefined}>
          {view.reason}
        </p>
      )}
    </>
  );
}

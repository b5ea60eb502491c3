import type { ServerState } from '../../../workers/server-client';

const LABELS: Record<ServerState, { text: string; tone: string; hint: string }> = {
  empty: {
    text: 'No image',
    tone: 'neutral',
    hint: 'The machine is built but has nothing to run yet',
  },
  ready: {
    text: 'Ready',
    tone: 'neutral',
    hint: 'The image is loaded; the CPUs wait at the reset vector',
  },
  running: { text: 'Running', tone: 'ok', hint: 'The CPUs are executing instructions' },
  waiting: {
    text: 'Waiting',
    tone: 'ok',
    hint: 'Every CPU sleeps (WFI) with no timer set: it waits for you to type',
  },
  paused: {
    text: 'Paused',
    tone: 'warn',
    hint: 'Stopped between two instructions; Step or Start to go on',
  },
  'powered-off': {
    text: 'Powered off',
    tone: 'neutral',
    hint: 'The guest switched the machine off',
  },
  failed: { text: 'Failed', tone: 'danger', hint: 'The machine stopped with an error' },
};

/** The server's state as a coloured label with a one-line explanation on hover. */
export function StateBadge({ state, crashed }: { state: ServerState; crashed: boolean }) {
  const label = crashed
    ? { text: 'Worker crashed', tone: 'danger', hint: 'The worker that ran this server stopped' }
    : LABELS[state];
  return (
    <span className={`badge badge-${label.tone}`} title={label.hint} data-testid="server-state">
      {label.text}
    </span>
  );
}

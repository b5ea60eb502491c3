/**
 * The page's memory of each server's recent samples, kept outside React and outside the store:
 * charts and the trace read it when it changes, through `onHistory`, so a new sample updates
 * them without re-rendering the components around them.
 */
import { useLabStore } from '../../store';
import { EMPTY_HISTORY, withSample, type ServerHistory } from './server-history';

type Listener = (history: ServerHistory) => void;

/**
 * A User Timing measure per sample: the views' whole cost of taking it in, including the chart
 * redraws and React renders it queues (they run as microtasks before the measure's own). Shown
 * in the browser's performance panel; the browser tests read it to keep the page smooth.
 */
export const SAMPLE_MEASURE = 'hyperlab:inside-sample';

const histories = new Map<string, ServerHistory>();
const listeners = new Map<string, Set<Listener>>();
let recording = false;

/** Starts following the store's samples (once); every server's history is kept from then on. */
function ensureRecording(): void {
  if (recording) return;
  recording = true;
  useLabStore.subscribe((state, previous) => {
    if (state.stats === previous.stats) return;
    const now = performance.now();
    queueMicrotask(() => performance.measure(SAMPLE_MEASURE, { start: now }));
    for (const [id, entry] of Object.entries(state.stats)) {
      if (entry === previous.stats[id]) continue;
      const history = withSample(histories.get(id) ?? EMPTY_HISTORY, entry, now);
      histories.set(id, history);
      for (const listener of listeners.get(id) ?? []) listener(history);
    }
    for (const id of histories.keys()) if (!(id in state.stats)) histories.delete(id);
  });
}

export function historyOf(serverId: string): ServerHistory {
  ensureRecording();
  return histories.get(serverId) ?? EMPTY_HISTORY;
}

/** Calls `listener` with the server's history after every sample; returns the unsubscribe. */
export function onHistory(serverId: string, listener: Listener): () => void {
  ensureRecording();
  let set = listeners.get(serverId);
  if (!set) {
    set = new Set();
    listeners.set(serverId, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

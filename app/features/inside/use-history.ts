import { useCallback, useSyncExternalStore } from 'react';
import { historyOf, onHistory } from './live-history';
import type { ServerHistory } from './server-history';

/**
 * A server's history for the views that re-render per sample anyway (four times a second: the
 * trace, the timeline). Charts use `onHistory` directly and never re-render for a sample.
 */
export function useHistory(serverId: string): ServerHistory {
  const subscribe = useCallback((changed: () => void) => onHistory(serverId, changed), [serverId]);
  return useSyncExternalStore(subscribe, () => historyOf(serverId));
}

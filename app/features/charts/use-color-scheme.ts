import { useSyncExternalStore } from 'react';

const DARK = '(prefers-color-scheme: dark)';

function subscribe(changed: () => void): () => void {
  const query = matchMedia(DARK);
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
}

/**
 * The system's colour scheme. With the theme left to the system, the page's colours follow it
 * through CSS alone; a canvas chart has to be redrawn, so it watches this too.
 */
export function useSystemColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribe, () => (matchMedia(DARK).matches ? 'dark' : 'light'));
}

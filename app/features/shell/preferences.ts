/**
 * The page's own settings (theme, presentation mode) kept across reloads, apart from the lab:
 * an instructor who projects keeps presentation mode whatever lab is opened.
 */
import { useLabStore, type ThemeChoice } from '../../store';

const KEY = 'hyperlab.preferences';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

interface Preferences {
  readonly theme: ThemeChoice;
  readonly presentation: boolean;
}

function read(): Partial<Preferences> {
  try {
    const data: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    if (typeof data !== 'object' || data === null) return {};
    const { theme, presentation } = data as Record<string, unknown>;
    return {
      theme: THEMES.find((t) => t === theme),
      presentation: typeof presentation === 'boolean' ? presentation : undefined,
    };
  } catch {
    return {};
  }
}

/** Restores the kept settings, then keeps them on every change; returns the unsubscriber. */
export function keepPreferences(): () => void {
  const kept = read();
  const store = useLabStore.getState();
  if (kept.theme) store.setTheme(kept.theme);
  if (kept.presentation !== undefined) store.setPresentation(kept.presentation);
  return useLabStore.subscribe((state, previous) => {
    if (state.theme === previous.theme && state.presentation === previous.presentation) return;
    try {
      const preferences: Preferences = { theme: state.theme, presentation: state.presentation };
      localStorage.setItem(KEY, JSON.stringify(preferences));
    } catch {
      // Storage disabled: the settings last as long as the page.
    }
  });
}

import { useEffect } from 'react';
import { commandForKey } from './lab-commands';

/**
 * Where a key belongs to what has focus: a text field, a select, a console (xterm types into a
 * textarea) or an open dialog, which has its own keys. Shortcuts act only outside them.
 */
function keyBelongsElsewhere(target: EventTarget | null): boolean {
  if (document.querySelector('dialog[open]')) return true;
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || !!target.closest('input, textarea, select, .xterm');
}

/** Listens for the lab commands' shortcuts on the whole page while mounted. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || keyBelongsElsewhere(event.target)) return;
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      command.perform();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * The lab's commands as action objects, in one registry: the toolbar's buttons, the keyboard
 * shortcuts and the shortcuts help all render from this list, so a command's label, key and
 * behaviour are written once. (Server commands, which act on one running server, are in
 * features/servers/server-commands.ts.)
 */
import { useLabStore, type ThemeChoice } from '../../store';
import { hostingServers } from '../guests/guest-form';
import { chooseLabFile, saveLabFile, shareLab } from '../keep/open-lab';

export interface Shortcut {
  /** `KeyboardEvent.key`, lowercase for letters. */
  readonly key: string;
  readonly ctrl?: boolean;
}

export type LabCommandId =
  | 'add-server'
  | 'add-guest'
  | 'scenarios'
  | 'save-file'
  | 'open-file'
  | 'share-link'
  | 'presentation'
  | 'theme'
  | 'shortcuts';

export interface LabCommand {
  readonly id: LabCommandId;
  readonly label: string;
  /** What it does, for tooltips, screen readers and the shortcuts help. */
  readonly description: string;
  readonly shortcut: Shortcut;
  perform(): void;
}

const store = () => useLabStore.getState();
const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = {
  system: 'light',
  light: 'dark',
  dark: 'system',
};

export const LAB_COMMANDS: readonly LabCommand[] = [
  {
    id: 'add-server',
    label: 'Add server',
    description: 'Add a physical server to the lab',
    shortcut: { key: 'n' },
    perform: () => store().openDialog({ kind: 'server', index: null }),
  },
  {
    id: 'add-guest',
    label: 'Add guest',
    description: 'Add a virtual machine or container to a server',
    shortcut: { key: 'g' },
    perform: () => {
      const server = hostingServers(store().lab)[0]?.name ?? '';
      store().openDialog({ kind: 'guest', server, index: null });
    },
  },
  {
    id: 'scenarios',
    label: 'Scenarios',
    description: 'Open a ready-made lab that sets up one lesson',
    shortcut: { key: 'e' },
    perform: () => store().openDialog({ kind: 'scenarios' }),
  },
  {
    id: 'save-file',
    label: 'Save file',
    description: 'Save the lab as a .json lab file',
    shortcut: { key: 's', ctrl: true },
    perform: saveLabFile,
  },
  {
    id: 'open-file',
    label: 'Open file',
    description: 'Open a .json lab file',
    shortcut: { key: 'o', ctrl: true },
    perform: chooseLabFile,
  },
  {
    id: 'share-link',
    label: 'Share link',
    description: 'Make a link that opens this lab',
    shortcut: { key: 'l' },
    perform: () => void shareLab(),
  },
  {
    id: 'presentation',
    label: 'Present',
    description: 'Presentation mode: large type and high contrast, for a projector',
    shortcut: { key: 'p' },
    perform: () => store().setPresentation(!store().presentation),
  },
  {
    id: 'theme',
    label: 'Theme',
    description: 'Switch between automatic, light and dark colours',
    shortcut: { key: 't' },
    perform: () => store().setTheme(NEXT_THEME[store().theme]),
  },
  {
    id: 'shortcuts',
    label: 'Shortcuts',
    description: 'List the keyboard shortcuts',
    shortcut: { key: '?' },
    perform: () => store().openDialog({ kind: 'shortcuts' }),
  },
];

export function labCommand(id: LabCommandId): LabCommand {
  return LAB_COMMANDS.find((command) => command.id === id)!;
}

export function formatShortcut(shortcut: Shortcut): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  return shortcut.ctrl ? `Ctrl+${key}` : key;
}

/** The command a key press asks for, if any. */
export function commandForKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): LabCommand | undefined {
  if (event.altKey) return undefined;
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return LAB_COMMANDS.find((c) => c.shortcut.key === key && !!c.shortcut.ctrl === ctrl);
}

import { useLabStore, type DialogState } from '../../store';
import { ShortcutsDialog } from '../commands/ShortcutsDialog';
import { GuestDialog } from '../guests/GuestDialog';
import { ScenariosDialog } from '../scenarios/ScenariosDialog';
import { ServerDialog } from './ServerDialog';

/** Renders the store's one open dialog, if any. */
export function DialogHost() {
  const dialog = useLabStore((state) => state.dialog);
  return dialog && <CurrentDialog key={JSON.stringify(dialog)} dialog={dialog} />;
}

/** Keyed by what it edits, so opening another dialog starts from fresh form state. */
function CurrentDialog({ dialog }: { dialog: DialogState }) {
  switch (dialog?.kind) {
    case 'server':
      return <ServerDialog index={dialog.index} />;
    case 'guest':
      return <GuestDialog server={dialog.server} index={dialog.index} />;
    case 'scenarios':
      return <ScenariosDialog />;
    case 'shortcuts':
      return <ShortcutsDialog />;
  }
}

import { lazy, Suspense } from 'react';
import { useLabStore, type DialogState } from '../../store';
import { ShortcutsDialog } from '../commands/ShortcutsDialog';

// The editing dialogs and the scenarios' lab files load on first use, keeping them out of the
// first screen's script; the app still runs offline from the same static files.
const ServerDialog = lazy(() =>
  import('./ServerDialog').then((m) => ({ default: m.ServerDialog })),
);
const GuestDialog = lazy(() =>
  import('../guests/GuestDialog').then((m) => ({ default: m.GuestDialog })),
);
const ScenariosDialog = lazy(() =>
  import('../scenarios/ScenariosDialog').then((m) => ({ default: m.ScenariosDialog })),
);

/** Renders the store's one open dialog, if any. */
export function DialogHost() {
  const dialog = useLabStore((state) => state.dialog);
  return (
    dialog && (
      <Suspense fallback={null}>
        <CurrentDialog key={JSON.stringify(dialog)} dialog={dialog} />
      </Suspense>
    )
  );
}

/** Keyed by what it edits, so opening another dialog starts from fresh form state. */
function CurrentDialog({ dialog }: { dialog: DialogState }) {
  switch (dialog.kind) {
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

import { formatShortcut, labCommand, type LabCommandId } from './lab-commands';

/** A button for one lab command, labelled and described from the registry. */
export function CommandButton({
  id,
  pressed,
  primary = false,
}: {
  id: LabCommandId;
  /** For toggles: whether the mode is on. */
  pressed?: boolean;
  primary?: boolean;
}) {
  const command = labCommand(id);
  const keys = formatShortcut(command.shortcut);
  return (
    <button
      type="button"
      className={`button${primary ? ' button-primary' : ''}`}
      title={`${command.description} (${keys})`}
      aria-keyshortcuts={keys.replace('?', 'Shift+?')}
      aria-pressed={pressed}
      onClick={() => command.perform()}
    >
      {command.label}
    </button>
  );
}

import { Dialog } from '../lab/Dialog';
import { formatShortcut, LAB_COMMANDS } from './lab-commands';

/** Every lab command with its key, from the same registry the shortcuts use. */
export function ShortcutsDialog() {
  return (
    <Dialog title="Keyboard shortcuts">
      <p className="muted">
        They work anywhere outside a text field, a console or a dialog. In a console every key goes
        to the guest.
      </p>
      <table className="shortcut-table">
        <tbody>
          {LAB_COMMANDS.map((command) => (
            <tr key={command.id}>
              <th scope="row">
                <kbd>{formatShortcut(command.shortcut)}</kbd>
              </th>
              <td>{command.description}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              <kbd>Esc</kbd>
            </th>
            <td>Close a dialog</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}

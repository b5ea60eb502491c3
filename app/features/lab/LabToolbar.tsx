import { CommandButton } from '../commands/CommandButton';
import { LabName } from './LabName';

/** The lab's name and the commands that build, keep and share it. */
export function LabToolbar() {
  return (
    <section className="lab-toolbar" aria-label="Lab">
      <LabName />
      <div className="toolbar" role="toolbar" aria-label="Lab commands">
        <CommandButton id="add-server" primary />
        <CommandButton id="add-guest" primary />
        <CommandButton id="scenarios" />
        <CommandButton id="save-file" />
        <CommandButton id="open-file" />
        <CommandButton id="share-link" />
      </div>
    </section>
  );
}

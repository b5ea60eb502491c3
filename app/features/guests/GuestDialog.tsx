import { useState } from 'react';
import { kindsForPlatform, type GuestKind } from '../../../workers/lab-model';
import { useLabStore } from '../../store';
import { Dialog } from '../lab/Dialog';
import { GuestForm } from './GuestForm';
import {
  guestValues,
  hostingServers,
  kindRefusal,
  newGuestValues,
  type GuestFormValues,
} from './guest-form';
import { KindCard } from './KindCard';
import { ServerPicker } from './ServerPicker';

/**
 * Add guest: first the kinds the server can host, one card each, then the guest's settings.
 * Editing a guest goes straight to its settings.
 */
export function GuestDialog({ server, index }: { server: string; index: number | null }) {
  const lab = useLabStore((state) => state.lab);
  const editing = index === null ? undefined : lab.guests[index];
  const [serverName, setServerName] = useState(server);
  const [values, setValues] = useState<GuestFormValues | undefined>(() =>
    editing ? guestValues(editing) : undefined,
  );
  const target = lab.servers.find((s) => s.name === serverName) ?? hostingServers(lab)[0];

  if (values) {
    return (
      <Dialog title={editing ? `Edit guest ${editing.name}` : `Add a ${values.kind} guest`}>
        <GuestForm
          index={index}
          initial={values}
          onChangeKind={(current) => {
            setServerName(current.server);
            setValues(undefined);
          }}
        />
      </Dialog>
    );
  }
  if (!target) {
    return (
      <Dialog title="Add a guest">
        <p>
          Guests need a hypervisor or a host-OS server; a bare-metal server runs the lab OS alone.
          Add such a server first.
        </p>
      </Dialog>
    );
  }
  const kinds = kindsForPlatform(target.platform);
  const choose = (kind: GuestKind) => setValues(newGuestValues(lab, target.name, kind));
  return (
    <Dialog title={`Add a guest to ${target.name}`} wide>
      <ServerPicker value={target.name} onChange={setServerName} />
      <p className="muted">
        {target.platform === 'hypervisor'
          ? 'A hypervisor server hosts virtual machines of four kinds. Each card says what the kind is, what it costs and what to try.'
          : 'A host-OS server hosts VMs as processes of its kernel, and containers. Each card says what the kind is, what it costs and what to try.'}
      </p>
      <div className="kind-grid">
        {kinds.map((kind) => (
          <KindCard key={kind} kind={kind} refusal={kindRefusal(kind, target)} onChoose={choose} />
        ))}
      </div>
    </Dialog>
  );
}

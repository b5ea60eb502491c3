import { RUNNABLE_GUEST_KINDS } from '../../../workers/lab-model';
import { useLabStore } from '../../store';
import { removeGuest } from '../lab/lab-actions';
import { GuestControls } from './GuestControls';
import { GuestCounters } from './GuestCounters';
import { GuestState } from './GuestState';
import { KIND_GUIDES } from './kind-guide';
import { XlDomains } from './XlDomains';

/** The guests of one server, as built in the lab, each with Edit and Remove. */
export function GuestList({ server }: { server: string }) {
  const all = useLabStore((state) => state.lab.guests);
  const guests = all.flatMap((guest, index) => (guest.server === server ? [{ guest, index }] : []));
  const openDialog = useLabStore((state) => state.openDialog);
  const live = useLabStore((state) => state.stats[server]?.guests);
  const counters = (name: string) => live?.find((view) => view.name === name)?.counters;
  if (guests.length === 0) {
    return (
      <>
        <p className="muted">No guests yet.</p>
        <XlDomains server={server} />
      </>
    );
  }
  return (
    <>
      <ul className="guest-list" aria-label={`Guests of ${server}`}>
        {guests.map(({ guest, index }) => (
          <li key={guest.name} className="guest" data-testid="guest">
            <div className="guest-main">
              <span className="kind-tag" title={KIND_GUIDES[guest.kind].title}>
                {guest.kind}
              </span>
              <strong>{guest.name}</strong>
              <span className="muted">
                {guest.vcpus} vCPU · {guest.memoryMiB} MiB
                {guest.weight !== 256 ? ` · weight ${guest.weight}` : ''}
                {guest.cap ? ` · cap ${guest.cap}%` : ''}
                {guest.image ? ` · ${guest.image}` : ''}
              </span>
            </div>
            {RUNNABLE_GUEST_KINDS.has(guest.kind) ? (
              <>
                <GuestState view={live?.find((view) => view.name === guest.name)} />
                <GuestControls
                  server={server}
                  view={live?.find((view) => view.name === guest.name)}
                />
              </>
            ) : (
              <p className="guest-note">
                Not available in this build yet: kept in the lab, not run.
              </p>
            )}
            <div className="toolbar">
              <button
                type="button"
                className="button button-small"
                onClick={() => openDialog({ kind: 'guest', server, index })}
              >
                Edit <span className="visually-hidden">{guest.name}</span>
              </button>
              <button
                type="button"
                className="button button-small button-danger"
                onClick={() => removeGuest(index)}
              >
                Remove <span className="visually-hidden">{guest.name}</span>
              </button>
            </div>
            {counters(guest.name) && (
              <GuestCounters name={guest.name} counters={counters(guest.name)!} />
            )}
          </li>
        ))}
      </ul>
      <XlDomains server={server} />
    </>
  );
}

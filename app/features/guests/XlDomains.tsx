import { useShallow } from 'zustand/react/shallow';
import type { GuestView } from '../../../workers/server-client';
import { useLabStore } from '../../store';
import { GuestState } from './GuestState';
import './guests.css';

/**
 * Domains that dom0's `xl create` made on this server: not in the lab (they go when the server
 * is rebuilt), but the VMM runs them like any other, so they are listed with their state and
 * get a console of their own.
 */
export function XlDomains({ server }: { server: string }) {
  const domains = useLabStore(
    useShallow((state): GuestView[] => {
      const inLab = new Set(state.lab.guests.map((guest) => guest.name));
      return (state.stats[server]?.guests ?? []).filter(
        (view) => view.name !== server && !inLab.has(view.name) && view.state !== 'refused',
      );
    }),
  );
  if (domains.length === 0) return null;
  return (
    <>
      <h3 className="xl-domains-title">Created in dom0 with xl</h3>
      <ul className="guest-list" aria-label={`Domains xl created on ${server}`}>
        {domains.map((view) => (
          <li key={view.name} className="guest" data-testid="xl-domain">
            <div className="guest-main">
              <strong>{view.name}</strong>
              <span className="muted">not in the lab file: xl destroy ends it</span>
            </div>
            <GuestState view={view} />
          </li>
        ))}
      </ul>
    </>
  );
}

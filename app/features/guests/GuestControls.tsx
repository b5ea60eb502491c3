import type { GuestAction, GuestView } from '../../../workers/server-client';
import { controlGuest } from '../servers/server-hosts';

/** Each control's button text and what it does, for the tooltip. */
const ACTIONS: Record<GuestAction, { label: string; description: string }> = {
  start: { label: 'Start', description: 'Create the guest again from its image and boot it' },
  pause: { label: 'Pause', description: 'Stop scheduling its vCPUs; the other guests run on' },
  resume: { label: 'Resume', description: 'Schedule its vCPUs again from where they stopped' },
  reset: { label: 'Reset', description: 'Reboot it from its image: fresh memory and devices' },
  stop: {
    label: 'Stop',
    description: "Stop it through the host's agent (a VM's process is killed)",
  },
  destroy: {
    label: 'Destroy',
    description: 'Halt it and give its memory back; Start makes it again',
  },
};

/**
 * One running guest's own controls, as its platform offers them in its state (the worker says
 * which): a hypervisor pauses, resumes, resets and destroys a domain; a host OS's agent stops and
 * starts a guest, and says so when it cannot pause one.
 */
export function GuestControls({ server, view }: { server: string; view: GuestView | undefined }) {
  const controls = view?.controls;
  if (!view || !controls) return null;
  return (
    <div className="toolbar" role="toolbar" aria-label={`Controls of guest ${view.name}`}>
      {controls.map((action) => (
        <button
          key={action}
          type="button"
          className={`button button-small${action === 'destroy' ? ' button-danger' : ''}`}
          title={ACTIONS[action].description}
          onClick={() => void controlGuest(server, view.name, action)}
        >
          {ACTIONS[action].label} <span className="visually-hidden">guest {view.name}</span>
        </button>
      ))}
      {controls.includes('stop') && (
        <span className="muted guest-note">
          No pause here: the host kernel has no SIGSTOP, so its agent can only stop and start.
        </span>
      )}
    </div>
  );
}

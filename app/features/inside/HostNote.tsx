/** A host-OS guest is processes of the host: the counters are the host's, for all of them. */
export function HostNote() {
  return (
    <p className="muted">
      Counted by the host for all its processes and VMs: the host’s counters do not say which guest
      caused an event.
    </p>
  );
}

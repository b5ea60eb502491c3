import { kindsForPlatform, type ServerSpec } from '../../../workers/lab-model';
import { useLabStore } from '../../store';
import { removeServer } from '../lab/lab-actions';

const PLATFORM_SHORT = {
  hypervisor: 'Type-1 hypervisor',
  'host-os': 'Host OS',
  'bare-metal': 'Bare metal',
} as const;

/** What a server is, as built in the lab, and the buttons that change it. */
export function ServerSpecLine({ spec }: { spec: ServerSpec }) {
  const index = useLabStore((state) => state.lab.servers.findIndex((s) => s.name === spec.name));
  const openDialog = useLabStore((state) => state.openDialog);
  const hostsGuests = kindsForPlatform(spec.platform).length > 0;
  return (
    <>
      <p className="muted" data-testid="server-spec">
        {PLATFORM_SHORT[spec.platform]} · RISC-V RV32IMA · {spec.harts}{' '}
        {spec.harts === 1 ? 'hart' : 'harts'} (CPU cores) · {spec.memoryMiB} MiB RAM ·{' '}
        {spec.hardwareVirtualization ? 'hardware virtualization on' : 'no hardware virtualization'}
      </p>
      <div className="toolbar" role="toolbar" aria-label={`Build ${spec.name}`}>
        <button
          type="button"
          className="button"
          onClick={() => openDialog({ kind: 'server', index })}
        >
          Edit <span className="visually-hidden">{spec.name}</span>
        </button>
        {hostsGuests && (
          <button
            type="button"
            className="button"
            onClick={() => openDialog({ kind: 'guest', server: spec.name, index: null })}
          >
            Add guest <span className="visually-hidden">to {spec.name}</span>
          </button>
        )}
        <button
          type="button"
          className="button button-danger"
          onClick={() => removeServer(spec.name)}
        >
          Remove <span className="visually-hidden">{spec.name}</span>
        </button>
      </div>
    </>
  );
}

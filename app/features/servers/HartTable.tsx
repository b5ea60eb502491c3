import type { HartView, ServerState } from '../../../workers/server-client';
import { useLabStore } from '../../store';

const MODE_HINTS = {
  M: 'Machine mode: the firmware',
  S: 'Supervisor mode: the kernel',
  U: 'User mode: a program, or on a hypervisor a guest kernel running deprivileged',
} as const;

/**
 * Where each CPU core is right now: its privilege mode, the next instruction's address, and
 * whether it sleeps in WFI. Paused, it is the machine's exact state; running, a snapshot.
 */
export function HartTable({ serverId }: { serverId: string }) {
  const harts = useLabStore((state) => state.stats[serverId]?.harts);
  const serverState = useLabStore((state) => state.servers[serverId]?.status.state ?? 'empty');
  if (!harts || harts.length === 0) return null;
  return (
    <table className="hart-table">
      <caption className="visually-hidden">CPU cores</caption>
      <thead>
        <tr>
          <th scope="col">Hart</th>
          <th scope="col" title="Privilege mode: M firmware, S kernel, U programs">
            Mode
          </th>
          <th scope="col" title="Program counter: the address of the next instruction">
            PC
          </th>
          <th scope="col" title="Instructions this hart has retired since the server started">
            Instructions
          </th>
          <th scope="col">Doing</th>
        </tr>
      </thead>
      <tbody>
        {harts.map((hart) => (
          <tr key={hart.hart}>
            <td>{hart.hart}</td>
            <td title={MODE_HINTS[hart.mode]}>{hart.mode}</td>
            <td className="mono">0x{hart.pc.toString(16).padStart(8, '0')}</td>
            <td className="mono" data-testid="hart-instructions">
              {hart.instructions.toLocaleString('en-US')}
            </td>
            <td title={hart.waiting ? 'Asleep in WFI until an interrupt arrives' : undefined}>
              {activity(hart, serverState)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the hart does; on a hypervisor, with the vCPU it carries. */
function activity(hart: HartView, server: ServerState): string {
  const doing = state(hart, server);
  return hart.vcpu ? `${doing}: ${hart.vcpu}` : doing;
}

function state(hart: HartView, server: ServerState): string {
  if (hart.waiting) return 'waiting (WFI)';
  if (server === 'running' || server === 'waiting') return 'executing';
  if (server === 'paused' || server === 'ready') return 'paused';
  return 'stopped';
}

/**
 * The commands a student can give a physical server. Buttons (and later menus and shortcuts)
 * render from this one list, so a command's label, explanation and availability are written
 * once.
 */
import type { ServerState } from '../../../workers/server-client';
import type { ServerEntry } from '../../store';
import type { ServerCommandName } from './server-host';

export interface ServerCommand {
  readonly name: ServerCommandName;
  readonly label: string;
  /** What the command does, for the tooltip and screen readers. */
  readonly description: string;
  readonly availableIn: readonly ServerState[];
}

export const SERVER_COMMANDS: readonly ServerCommand[] = [
  {
    name: 'start',
    label: 'Start',
    description: 'Run the CPUs from where they are',
    availableIn: ['ready', 'paused'],
  },
  {
    name: 'pause',
    label: 'Pause',
    description: 'Stop the CPUs between two instructions',
    availableIn: ['running', 'waiting'],
  },
  {
    name: 'step',
    label: 'Step slice',
    description:
      'Run one scheduling slice (every CPU up to 10,000 instructions; on a hypervisor one slice of its scheduler), then stay paused',
    availableIn: ['ready', 'paused'],
  },
  {
    name: 'reset',
    label: 'Reset',
    description: 'Power-cycle the server and boot its image again',
    availableIn: ['ready', 'running', 'waiting', 'paused', 'powered-off', 'failed'],
  },
];

export function isCommandAvailable(command: ServerCommand, server: ServerEntry): boolean {
  return server.workerAlive && command.availableIn.includes(server.status.state);
}

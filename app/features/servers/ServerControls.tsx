import { useShallow } from 'zustand/react/shallow';
import { useLabStore } from '../../store';
import { SERVER_COMMANDS, isCommandAvailable } from './server-commands';
import { runCommand } from './server-hosts';

/** The row of command buttons on a server card. */
export function ServerControls({ serverId }: { serverId: string }) {
  const available = useLabStore(
    useShallow((state) => {
      const server = state.servers[serverId];
      return SERVER_COMMANDS.map((command) => !!server && isCommandAvailable(command, server));
    }),
  );
  const name = useLabStore((state) => state.servers[serverId]?.config.name ?? serverId);
  return (
    <div className="toolbar" role="toolbar" aria-label={`Controls of ${name}`}>
      {SERVER_COMMANDS.map((command, index) => (
        <button
          key={command.name}
          type="button"
          className="button"
          disabled={!available[index]}
          title={command.description}
          aria-label={`${command.label} ${name}`}
          onClick={() => void runCommand(serverId, command.name)}
        >
          {command.label}
        </button>
      ))}
    </div>
  );
}

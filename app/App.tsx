import { ConsolePane } from './features/console/ConsolePane';
import { ServerCard } from './features/servers/ServerCard';
import { Header } from './features/shell/Header';
import { CountersPanel } from './features/stats/CountersPanel';
import { useLabStore } from './store';

export function App() {
  const serverIds = useLabStore((state) => state.serverIds);
  return (
    <>
      <Header />
      <main className="servers">
        {serverIds.map((id) => (
          <div className="server-workspace" key={id}>
            <div className="server-side">
              <ServerCard serverId={id} />
              <CountersPanel serverId={id} />
            </div>
            <ConsolePane serverId={id} />
          </div>
        ))}
      </main>
    </>
  );
}

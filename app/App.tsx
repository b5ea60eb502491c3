import { CompareView } from './features/compare/CompareView';
import { useShortcuts } from './features/commands/use-shortcuts';
import { NoticeBar } from './features/keep/NoticeBar';
import { OpenLabInput } from './features/keep/OpenLabInput';
import { DialogHost } from './features/lab/DialogHost';
import { LabToolbar } from './features/lab/LabToolbar';
import { ServerWorkspace } from './features/servers/ServerWorkspace';
import { Header } from './features/shell/Header';
import { useLabStore } from './store';

export function App() {
  const servers = useLabStore((state) => state.lab.servers);
  useShortcuts();
  return (
    <>
      <Header />
      <LabToolbar />
      <NoticeBar />
      <main className="servers">
        {servers.map((spec) => (
          <ServerWorkspace key={spec.name} spec={spec} />
        ))}
        <CompareView />
      </main>
      <OpenLabInput />
      <DialogHost />
    </>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installDebugHooks } from './debug-hooks';
import { disposeAllHosts, launchServer } from './features/servers/server-hosts';
import { useLabStore } from './store';
import './styles.css';

// The lab starts with one bare-metal server booting the lab OS. Servers are launched here, not
// in a React effect, so they outlive re-renders and StrictMode's double mounting.
const DEFAULT_SERVER = { id: 'server-1', name: 'server-1', memoryMiB: 64, harts: 1 };
const imageUrl = new URL('images/bare-metal.elf', new URL(import.meta.env.BASE_URL, location.href));

useLabStore
  .getState()
  .addServer(
    DEFAULT_SERVER.id,
    { name: DEFAULT_SERVER.name, memoryMiB: DEFAULT_SERVER.memoryMiB, harts: DEFAULT_SERVER.harts },
    imageUrl.href,
  );
void launchServer(DEFAULT_SERVER.id);
installDebugHooks();
addEventListener('pagehide', disposeAllHosts);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

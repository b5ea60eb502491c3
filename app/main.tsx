import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installDebugHooks } from './debug-hooks';
import { disposeAllHosts, launchServer } from './features/servers/server-hosts';
import { useLabStore } from './store';
import './styles.css';

// The lab starts with one bare-metal server booting the lab OS. Servers are launched here, not
// in a React effect, so they outlive re-renders and StrictMode's double mounting.
const DEFAULT_SERVER_ID = 'server-1';
const imageUrl = new URL('images/bare-metal.elf', new URL(import.meta.env.BASE_URL, location.href));

useLabStore
  .getState()
  .addServer(
    DEFAULT_SERVER_ID,
    { name: DEFAULT_SERVER_ID, memoryMiB: 64, harts: 1 },
    imageUrl.href,
  );
void launchServer(DEFAULT_SERVER_ID);
installDebugHooks();
// A page kept in the back/forward cache keeps its (frozen) workers for when it comes back.
window.addEventListener('pagehide', (event) => {
  if (!event.persisted) disposeAllHosts();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

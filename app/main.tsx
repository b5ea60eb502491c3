import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installDebugHooks } from './debug-hooks';
import { keepLabSaved, openLinkInAddress, restoreKeptLab } from './features/keep/open-lab';
import { keepServersInStep } from './features/servers/lab-runner';
import { disposeAllHosts } from './features/servers/server-hosts';
import { keepPreferences } from './features/shell/preferences';
import './styles.css';

// The lab comes from a shared link if the address carries one, else from the last visit, else
// it is the default (one bare-metal server). It is settled before any worker starts, so a
// restored lab does not first boot the default server. Servers are launched from the store,
// not from React effects, so they outlive re-renders and StrictMode's double mounting.
keepPreferences();
restoreKeptLab();
await openLinkInAddress();
keepLabSaved();
keepServersInStep();
window.addEventListener('hashchange', () => void openLinkInAddress());
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

/**
 * Keeps the running servers in step with the lab in the store: every bare-metal server of the
 * lab has a worker booting the lab OS; a server whose size changed is rebuilt (its harts and RAM
 * are hardware); a server that left the lab has its worker ended. Servers of platforms this
 * build cannot run get no worker; their cards say so.
 */
import { BARE_METAL_IMAGE_PATH, RUNNABLE_PLATFORMS } from '../../../workers/lab-model';
import type { ServerConfig } from '../../../workers/server-client';
import { useLabStore } from '../../store';
import { configOf } from './server-config';
import { launchServer, stopServer } from './server-hosts';

const launches = new Map<string, Promise<void>>();

function imageUrl(): string {
  return new URL(BARE_METAL_IMAGE_PATH, new URL(import.meta.env.BASE_URL, location.href)).href;
}

/**
 * Any change rebuilds the server: its harts and RAM are hardware, and a guest added to or
 * changed on a hypervisor boots with the others from the start (live changes come later).
 */
function sameConfig(a: ServerConfig, b: ServerConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Brings the workers in line with the lab; resolves once every new server has launched. */
export function syncServers(): Promise<void> {
  const state = useLabStore.getState();
  const wanted = new Map(
    state.lab.servers
      .filter((spec) => RUNNABLE_PLATFORMS.has(spec.platform))
      .map((spec) => [spec.name, configOf(spec, state.lab)]),
  );
  for (const id of state.serverIds) {
    const config = wanted.get(id);
    if (config && sameConfig(config, state.servers[id].config)) continue;
    stopServer(id);
    launches.delete(id);
    // A rebuilt server keeps its entry, so its generation goes on counting and its consoles
    // re-attach to the new worker (and say the server was restarted).
    if (config) useLabStore.getState().updateServer(id, { config });
    else useLabStore.getState().forgetServer(id);
  }
  for (const [id, config] of wanted) {
    if (launches.has(id)) continue;
    if (!useLabStore.getState().servers[id]) {
      useLabStore.getState().addServer(id, config, imageUrl());
    }
    launches.set(id, launchServer(id));
  }
  return Promise.all([...wanted.keys()].map((id) => launches.get(id))).then(() => {});
}

/** Runs `syncServers` whenever the lab changes; returns the unsubscriber. */
export function keepServersInStep(): () => void {
  void syncServers();
  return useLabStore.subscribe((state, previous) => {
    if (state.lab !== previous.lab) void syncServers();
  });
}

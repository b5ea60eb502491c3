/**
 * Keeps the running servers in step with the lab in the store: every bare-metal server of the
 * lab has a worker booting the lab OS, every hypervisor server a worker running the VMM and its
 * guests; a server whose hardware changed is rebuilt, a hypervisor whose guests changed has them
 * created and destroyed live; a server that left the lab has its worker ended. Servers of
 * platforms this build cannot run get no worker; their cards say so.
 */
import { BARE_METAL_IMAGE_PATH, RUNNABLE_PLATFORMS } from '../../../workers/lab-model';
import type { ServerConfig } from '../../../workers/server-client';
import { useLabStore } from '../../store';
import { configOf, guestChanges } from './server-config';
import { changeGuests, getHost, launchServer, openGuestConsoles, stopServer } from './server-hosts';

const launches = new Map<string, Promise<void>>();

function imageUrl(): string {
  return new URL(BARE_METAL_IMAGE_PATH, new URL(import.meta.env.BASE_URL, location.href)).href;
}

/**
 * A change of hardware rebuilds the server; a change of guests alone on a running hypervisor is
 * made live (see `guestChanges`).
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
    const current = state.servers[id].config;
    if (config && sameConfig(config, current)) continue;
    const changes = config && getHost(id) ? guestChanges(current, config) : undefined;
    if (config && changes) {
      // Only guests changed: the running hypervisor takes them, the other guests run on.
      openGuestConsoles(id, changes);
      useLabStore.getState().updateServer(id, { config });
      const before = launches.get(id) ?? Promise.resolve();
      launches.set(
        id,
        before.then(() => changeGuests(id, changes)),
      );
      continue;
    }
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

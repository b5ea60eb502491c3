/**
 * The live servers of the page: one ServerHost (worker, console, sampler) per server id, kept
 * outside the store because they are resources, not data. These functions are the only way the
 * UI starts, commands and restarts servers; they report back into the store.
 */
import { GUEST_KIND_FACTS } from '../../../workers/lab-model';
import type { GuestAction, HartStepResult, ServerStatus } from '../../../workers/server-client';
import { useLabStore, type ServerChange, type ServerEntry, type ServerProblem } from '../../store';
import { INITIAL_STATUS } from '../../store/servers-slice';
import type { GuestChanges } from './server-config';
import { ServerHost, type ServerCommandName } from './server-host';

const hosts = new Map<string, ServerHost>();

export function getHost(id: string): ServerHost | undefined {
  return hosts.get(id);
}

/**
 * Starts (or restarts) the worker of server `id`, builds the machine, fetches and loads its
 * image and runs it. Each step that fails leaves a problem on the server's card.
 */
export async function launchServer(id: string): Promise<void> {
  const entry = useLabStore.getState().servers[id];
  if (!entry) throw new Error(`no server ${id}`);
  hosts.get(id)?.dispose();
  const host: ServerHost = new ServerHost(entry.config, {
    onSample: (sample) => {
      if (hosts.get(id) !== host) return;
      const { status, ...stats } = sample;
      // A domain dom0's xl created prints on a console of its own: open it before it is shown.
      for (const guest of sample.guests) if (guest.state !== 'refused') host.addConsole(guest.name);
      report(id, status);
      useLabStore.getState().setStats(id, stats);
    },
    onCrash: (reason) => {
      if (hosts.get(id) !== host) return;
      hosts.delete(id);
      update(id, { workerAlive: false });
      useLabStore.getState().stopRates(id);
      fail(id, { title: "The server's worker crashed", detail: reason });
    },
  });
  hosts.set(id, host);
  update(id, {
    generation: entry.generation + 1,
    workerAlive: true,
    problem: undefined,
    status: INITIAL_STATUS,
  });
  const current = () => hosts.get(id) === host;

  const step = async <T>(title: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (current()) fail(id, { title, detail: describe(error) });
      return undefined;
    }
  };
  const created = await step('The server could not be built', () => host.create());
  if (!created || !current()) return;
  report(id, created);
  const urls = imageUrls(entry);
  const single = urls.length === 1;
  const images = await step(
    single ? 'The boot image could not be fetched' : 'A guest image could not be fetched',
    () =>
      Promise.all(
        urls.map(async (url) => ({ name: imageName(url), bytes: await fetchImage(url) })),
      ),
  );
  if (!images || !current()) return;
  const refusal = single
    ? `The boot image ${imageName(urls[0])} was refused`
    : 'No guest could start';
  const loaded = await step(refusal, () => host.loadImages(images));
  if (!loaded || !current()) return;
  report(id, loaded);
  await runCommand(id, 'start');
}

/** Sends a card command to server `id`; a refusal becomes the card's problem. */
export async function runCommand(id: string, name: ServerCommandName): Promise<void> {
  const host = hosts.get(id);
  if (!host) return;
  try {
    const status = await host.command(name);
    if (hosts.get(id) === host) {
      update(id, { problem: undefined });
      report(id, status);
    }
  } catch (error) {
    if (hosts.get(id) === host) fail(id, { title: `${name} failed`, detail: describe(error) });
  }
}

/**
 * Steps one hart of server `id` exactly `steps` steps; a refusal becomes the card's problem and
 * gives undefined.
 */
export async function stepHart(
  id: string,
  hart: number,
  steps: number,
): Promise<HartStepResult | undefined> {
  return act(id, 'Step', async (host) => {
    const result = await host.stepHart(hart, steps);
    report(id, result.status);
    return result;
  });
}

/** Slow motion: server `id`'s guests run at `rate` of their normal pace. */
export async function setPace(id: string, rate: number): Promise<void> {
  await act(id, 'Slow motion', (host) => host.setPace(rate));
}

/** One guest's control (pause, resume, reset, destroy, start, stop) on server `id`. */
export async function controlGuest(id: string, name: string, action: GuestAction): Promise<void> {
  await act(id, `${action} ${name}`, async (host) =>
    report(id, await host.controlGuest(name, action)),
  );
}

/** Runs `work` on server `id`'s host; a refusal becomes the card's problem, titled `what failed`. */
async function act<T>(
  id: string,
  what: string,
  work: (host: ServerHost) => Promise<T>,
): Promise<T | undefined> {
  const host = hosts.get(id);
  if (!host) return undefined;
  try {
    const result = await work(host);
    if (hosts.get(id) === host) update(id, { problem: undefined });
    return result;
  } catch (error) {
    if (hosts.get(id) === host) fail(id, { title: `${what} failed`, detail: describe(error) });
    return undefined;
  }
}

/**
 * Opens the consoles of the guests `changes` adds, at once, so their panes find them when they
 * mount; `changeGuests` then creates the guests.
 */
export function openGuestConsoles(id: string, changes: GuestChanges): void {
  const host = hosts.get(id);
  for (const guest of changes.added) host?.addConsole(guest.name);
}

/**
 * Changes the guests of a running hypervisor as `xl` would: destroys, re-weighs and creates
 * them while the others run on. A guest the VMM refuses shows on its line; a failed step
 * becomes the server's problem.
 */
export async function changeGuests(id: string, changes: GuestChanges): Promise<void> {
  const host = hosts.get(id);
  const entry = useLabStore.getState().servers[id];
  if (!host || !entry) return;
  try {
    for (const name of changes.removed) {
      await host.removeGuest(name);
      if (!changes.added.some((guest) => guest.name === name)) host.closeConsole(name);
    }
    for (const guest of changes.shares) {
      await host.setGuestShares(guest.name, guest.weight, guest.cap);
    }
    for (const guest of changes.added) {
      const url = new URL(guest.image, entry.imageUrl).href;
      const bytes = await fetchImage(url);
      if (hosts.get(id) !== host) return;
      report(id, await host.addGuest(guest, { name: guest.image, bytes }));
    }
  } catch (error) {
    if (hosts.get(id) === host)
      fail(id, { title: 'The guests could not be changed', detail: describe(error) });
  }
}

/** Ends the worker of server `id`, if it has one. */
export function stopServer(id: string): void {
  hosts.get(id)?.dispose();
  hosts.delete(id);
}

/** Ends every worker (page unload, tests). */
export function disposeAllHosts(): void {
  for (const host of hosts.values()) host.dispose();
  hosts.clear();
}

async function fetchImage(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  // Single-page-app servers (Vite's dev server among them) answer a missing file with the app's
  // own page; booted as a raw image, that HTML would only take strange traps.
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    throw new Error(`${url}: the server sent a web page, not an image (is the image built?)`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** The images a server boots: its own, or dom0's and one per distinct guest image beside it. */
function imageUrls(entry: ServerEntry): string[] {
  const { guests, platform, hostGuests } = entry.config;
  if (platform === 'host-os') {
    // The host boots the lab OS; its VMs' kernels travel in its boot module (containers have none).
    const kernels = (hostGuests ?? []).flatMap((guest) =>
      guest.kind === 'container' ? [] : [guest.image ?? GUEST_KIND_FACTS[guest.kind].defaultImage],
    );
    return [entry.imageUrl, ...new Set(kernels)].map((name) => new URL(name, entry.imageUrl).href);
  }
  if (platform !== 'hypervisor') return [entry.imageUrl];
  // dom0 boots the pv kernel, and its `xl create` may boot either kernel by name.
  const names = [
    ...new Set(['kernel-pv.elf', 'kernel.elf', ...(guests ?? []).map((guest) => guest.image)]),
  ];
  return names.map((name) => new URL(name, entry.imageUrl).href);
}

function imageName(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1) || url;
}

function report(id: string, status: ServerStatus): void {
  const previous = useLabStore.getState().servers[id]?.status;
  // Samples arrive four times a second; most change nothing the card shows.
  if (previous?.state === status.state && previous.message === status.message) return;
  update(id, { status });
}

function fail(id: string, problem: ServerProblem): void {
  update(id, { problem });
}

function update(id: string, change: ServerChange): void {
  useLabStore.getState().updateServer(id, change);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

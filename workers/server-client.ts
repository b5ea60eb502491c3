/**
 * The page's side of the worker boundary: starts one server worker and returns its typed API.
 * `app/` uses this and the types in `server-api`; it never imports Comlink or the engine.
 */
import { releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { ServerApi } from './server-api';

export type * from './server-api';
export {
  CONSOLE_CHUNK_BYTES,
  CONSOLE_HIGH_WATER_BYTES,
  SERVER_CONSOLE,
  consolesOf,
} from './server-api';
export { MIN_WORKER_SHARE } from './duty-cycle';

export interface ServerWorker {
  readonly api: Remote<ServerApi>;
  /** Ends the worker at once (a hung or crashed server), releasing the proxy. */
  dispose(): void;
}

/**
 * Starts a worker for one physical server. `onCrash` runs at most once, with the reason, when
 * the worker throws an error it did not handle or a message cannot be decoded; the worker is
 * then already terminated.
 */
export function spawnServerWorker(name: string, onCrash: (reason: string) => void): ServerWorker {
  // Written inline so Vite sees the worker and bundles it.
  const worker = new Worker(new URL('./server.worker.ts', import.meta.url), {
    type: 'module',
    name,
  });
  const api = wrap<ServerApi>(worker);
  let alive = true;
  const dispose = () => {
    if (!alive) return;
    alive = false;
    api[releaseProxy]();
    worker.terminate();
  };
  const crash = (reason: string) => {
    if (!alive) return;
    dispose();
    onCrash(reason);
  };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    crash(event.message || 'the worker stopped with an unknown error');
  });
  worker.addEventListener('messageerror', () => crash('a message from the worker was corrupt'));
  return { api, dispose };
}

/** Marks a byte array so that its buffer moves to the worker instead of being copied. */
export function transferBytes(bytes: Uint8Array): Uint8Array {
  return transfer(bytes, [bytes.buffer]);
}

/** Marks every image's buffer to move to the worker instead of being copied. */
export function transferImages<T extends { readonly bytes: Uint8Array }>(images: T[]): T[] {
  return transfer(
    images,
    images.map((image) => image.bytes.buffer as ArrayBuffer),
  );
}

/** Marks one image's buffer to move to the worker. */
export function transferImage<T extends { readonly bytes: Uint8Array }>(image: T): T {
  return transfer(image, [image.bytes.buffer as ArrayBuffer]);
}

/** Marks a message port for transfer to the worker. */
export function transferPort(port: MessagePort): MessagePort {
  return transfer(port, [port]);
}

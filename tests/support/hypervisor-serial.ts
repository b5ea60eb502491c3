import type { Domain } from '../../engine/hypervisor/domain';
import type { DomainRequest } from '../../engine/hypervisor/domain-config';
import {
  createHypervisorServer,
  type HypervisorConfig,
  type HypervisorServer,
} from '../../engine/hypervisor/hypervisor';
import type { SerialMachine } from './serial';

/** Cycles of virtual time per slice between looks at the tests' input; any size gives the same run. */
const SLICE = 2_000_000;

/** A domain's console as a serial line; `exited` settles when the domain halts. */
export interface DomainConsole extends SerialMachine {
  readonly domain: Domain;
}

/**
 * A hypervisor server with domains, run in slices on the event loop like bootOnEngine runs a
 * bare machine, with one serial line per domain for runScriptedSession. `exited` of a console
 * gives 0 when its domain powered off, 1 when it shut down for a failure, 2 when it crashed.
 */
export function startHypervisor(
  config: HypervisorConfig,
  requests: readonly DomainRequest[],
  maxMtime = 10_000_000_000,
): { server: HypervisorServer; consoles: DomainConsole[]; finished: Promise<void> } {
  const server = createHypervisorServer(config);
  let wake: (() => void) | undefined;
  let killed = false;
  const consoles = requests.map((request) => {
    const domain = server.createDomain(request);
    const listeners: ((bytes: Uint8Array) => void)[] = [];
    let pending: number[] = [];
    server.setOutput(domain, (byte) => pending.push(byte));
    let settle: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (settle = resolve));
    return {
      domain,
      onOutput: (listener: (bytes: Uint8Array) => void) => listeners.push(listener),
      type: (text: string) => {
        server.sendInput(domain, new TextEncoder().encode(text));
        wake?.();
      },
      exited,
      kill: () => {
        killed = true;
        wake?.();
      },
      flush: () => {
        if (pending.length === 0) return;
        const bytes = Uint8Array.from(pending);
        pending = [];
        for (const listener of listeners) listener(bytes);
      },
      settle: (code: number) => settle(code),
      settled: false,
    };
  });
  const finished = (async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      const status = killed ? { kind: 'all-halted' as const } : server.run(SLICE);
      for (const c of consoles) {
        c.flush();
        if (!c.settled && (!c.domain.alive || killed)) {
          c.settled = true;
          const { state, haltReason } = c.domain;
          c.settle(killed ? 137 : state === 'crashed' ? 2 : haltReason === 'powered off' ? 0 : 1);
        }
      }
      if (status.kind === 'all-halted') return;
      if (server.machine.clock.mtime > maxMtime)
        throw new Error('the hypervisor ran past its time limit');
      if (status.kind === 'idle') await new Promise<void>((resolve) => (wake = resolve));
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();
  return { server, consoles, finished };
}

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Lab, ServerSpec } from './lab-schema';
import {
  buildServers,
  checkPlatforms,
  LabRun,
  LabStartError,
  type RunningServer,
  type ServerStatus,
} from './run-lab';
import { formatLabIssues, parseLabText } from './validate-lab';

/** A server that does nothing but finish (or idle) at a given virtual time. */
function fakeServer(
  name: string,
  endsAt: number,
  end: ServerStatus = done(0),
): RunningServer & {
  calls: number[];
} {
  const calls: number[] = [];
  return {
    name,
    platform: 'bare-metal',
    consoles: [],
    calls,
    run(until) {
      calls.push(until);
      return until >= endsAt ? end : { kind: 'running' };
    },
    stats: () => ({ name }),
    stillRunning: () => [name],
  };
}

function done(code: number): ServerStatus {
  return { kind: 'done', code, summary: code ? `failed with code ${code}` : 'powered off' };
}

const server = (name: string, platform: ServerSpec['platform']): ServerSpec => ({
  name,
  platform,
  harts: 1,
  memoryMiB: 64,
  hardwareVirtualization: false,
});

describe('LabRun', () => {
  it('advances servers in lock step and stops when all are done', () => {
    const a = fakeServer('a', 30);
    const b = fakeServer('b', 50);
    const run = new LabRun([a, b], Infinity, 10);
    let outcome;
    while (!(outcome = run.step()));
    expect(outcome).toEqual({ kind: 'done', code: 0, failures: [] });
    expect(a.calls).toEqual([10, 20, 30]);
    expect(b.calls).toEqual([10, 20, 30, 40, 50]);
  });

  it('reports the first failure code and every failure', () => {
    const run = new LabRun([fakeServer('a', 10, done(3)), fakeServer('b', 10, done(5))], 100, 10);
    expect(run.step()).toEqual({
      kind: 'done',
      code: 3,
      failures: ['a: failed with code 3', 'b: failed with code 5'],
    });
  });

  it('stops at the time limit, naming who still runs, without passing it', () => {
    const a = fakeServer('a', 10);
    const b = fakeServer('b', 1000);
    const run = new LabRun([a, b], 25, 10);
    let outcome;
    while (!(outcome = run.step()));
    expect(outcome).toEqual({ kind: 'time-limit', stillRunning: ['b'] });
    expect(b.calls).toEqual([10, 20, 25]);
    expect(run.now).toBe(25);
  });

  it('says when every unfinished server waits for input', () => {
    const run = new LabRun([fakeServer('a', 10), fakeServer('b', 20, { kind: 'idle' })], 100, 10);
    expect(run.step()).toBeUndefined();
    expect(run.step()).toEqual({ kind: 'idle', waiting: ['b'] });
  });
});

describe('starting a lab', () => {
  const lab: Lab = {
    hyperlab: 1,
    name: 't',
    servers: [server('m', 'bare-metal'), server('x', 'hypervisor')],
    guests: [],
  };

  it('refuses platforms this build lacks before building anything', () => {
    let built = 0;
    const factories = {
      'bare-metal': () => {
        built++;
        return fakeServer('m', 0);
      },
    };
    expect(checkPlatforms(lab, factories)).toEqual([
      {
        path: 'servers[1].platform',
        message: 'hypervisor servers are not available yet in this build ("x")',
      },
    ]);
    expect(built).toBe(0);
  });

  it('names the server that cannot start', () => {
    const factories = {
      'bare-metal': () => fakeServer('m', 0),
      hypervisor: () => {
        throw new Error('no kernel.elf');
      },
    };
    const start = () => buildServers(lab, factories, { loadImage: () => new Uint8Array() });
    expect(start).toThrow(LabStartError);
    expect(start).toThrow('"x" cannot start: no kernel.elf');
  });
});

describe('the sample lab files', () => {
  it('are valid labs', () => {
    const files = readdirSync('docs/labs').filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const result = parseLabText(readFileSync(`docs/labs/${file}`, 'utf8'));
      expect(result.ok ? '' : formatLabIssues(result.issues), file).toBe('');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { bootHost } from './boot';

const TESTS = ['null', 'fork', 'ctxsw'] as const;

function figures(out: string): Record<string, number> {
  return Object.fromEntries(
    TESTS.map((name) => {
      const m = new RegExp(`^${name}: (\\d+) cycles/op`, 'm').exec(out);
      if (!m) throw new Error(`no ${name} figure in:\n${out}`);
      return [name, Number(m[1])];
    }),
  );
}

/**
 * A container is processes with other names and limits, not a machine: its system calls, forks
 * and context switches run the host kernel's own paths, so bench inside one runs at the host's
 * speed (docs/host-os.md has the table).
 */
describe('bench inside a container', () => {
  it('costs what it costs on the host: null, fork and ctxsw within a few per cent', () => {
    const host = bootHost();
    host.command('ctr create m');
    host.command('ctr start m /bin/sleep 1000');
    const onHost = figures(host.command('bench null fork ctxsw'));
    const inside = figures(host.command('ctr exec m bench null fork ctxsw'));
    for (const name of TESTS) {
      expect(inside[name] / onHost[name], name).toBeGreaterThan(0.97);
      expect(inside[name] / onHost[name], name).toBeLessThan(1.05);
    }
  });
});

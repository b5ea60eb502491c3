import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Bus } from '../../machine/bus';
import { DOMAIN_MODES } from '../domain-config';
import { GuestMemory } from '../guest-memory';
import * as A from './abi';
import { DOMCTL_MODES, runDomctl, type DomainControl, type DomainSummary } from './domctl';

const MiB = 1024 * 1024;
const BUFFER = 0x8010_0000;
const ABI_H = readFileSync('guest/include/hyperlab/abi.h', 'utf8');

/** A domain as list reports it, of mode `mode`. */
function summary(id: number, mode: DomainSummary['mode']): DomainSummary {
  return {
    id,
    name: `g${id}`,
    state: 'running',
    mode,
    vcpus: 1,
    memoryMiB: 16,
    weight: 256,
    cap: 0,
    privileged: id === 0,
    cpuMs: 0,
    blocked: false,
  };
}

/** Domain control over a fixed list; create refuses hw as a server without H does. */
function control(domains: readonly DomainSummary[]): DomainControl {
  const refused = () => -A.EINVAL;
  return {
    list: () => domains,
    create: (request) =>
      request.mode === 'hw'
        ? { errno: A.EINVAL, reason: 'mode: the hardware of "xen" lacks virtualization support' }
        : { id: 7 },
    pause: refused,
    unpause: refused,
    destroy: refused,
    setWeight: refused,
    setCap: refused,
  };
}

/** A `struct hv_domain_config` asking for `mode` (by number) from image `image`. */
function config(mode: number, image: number): Uint8Array {
  const bytes = new Uint8Array(A.DOMAIN_CONFIG_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('extra'));
  [mode, 1, 16, 256, 0, image].forEach((w, k) => view.setUint32(16 + 4 * k, w, true));
  return bytes;
}

/** The NUL-terminated reason the VMM wrote into the config at BUFFER. */
function reason(memory: GuestMemory): string {
  const bytes = memory.readBytes(BUFFER + A.DOMAIN_CONFIG_REASON_AT, A.DOMAIN_CONFIG_REASON_BYTES);
  const text = new TextDecoder().decode(bytes);
  return text.slice(0, text.indexOf('\0'));
}

describe('domctl', () => {
  const bus = new Bus(16 * MiB);
  const memory = new GuestMemory(bus, bus.ramBase + 4 * MiB, 8 * MiB);
  const op = (name: A.DomctlOp) => A.DOMCTL_OPS.indexOf(name);

  it('numbers the modes in one order that the guest header repeats, every VMM mode included', () => {
    const names = /^#define DOMAIN_MODE_NAMES \{([^}]*)\}/m.exec(ABI_H)?.[1];
    expect(names?.split(',').map((n) => n.trim().replace(/"/g, ''))).toEqual([...DOMCTL_MODES]);
    expect(/^#define DOMAIN_MODE_COUNT (\d+)/m.exec(ABI_H)?.[1]).toBe(String(DOMCTL_MODES.length));
    // The numbers dom0's tools already used keep their meaning.
    expect(DOMCTL_MODES.slice(0, 2)).toEqual(['full', 'pv']);
    expect([...DOMCTL_MODES].sort()).toEqual([...DOMAIN_MODES].sort());
  });

  it('has the config struct size the guest header declares', () => {
    expect(ABI_H).toContain(`struct hv_domain_config (${A.DOMAIN_CONFIG_BYTES} bytes)`);
    expect(ABI_H).toMatch(
      new RegExp(`u32 image;[^\\n]*\\n\\tchar reason\\[${A.DOMAIN_CONFIG_REASON_BYTES}\\];`),
    );
    expect(A.DOMAIN_CONFIG_REASON_AT + A.DOMAIN_CONFIG_REASON_BYTES).toBe(A.DOMAIN_CONFIG_BYTES);
  });

  it('lists bt and hw domains by their mode numbers', () => {
    const domains = DOMCTL_MODES.map((mode, id) => summary(id, mode));
    expect(runDomctl(control(domains), memory, op('list'), [BUFFER, 8, 0])).toEqual([0, 4]);
    const modes = domains.map((_, i) => memory.read32(BUFFER + i * A.DOMAIN_INFO_BYTES + 8));
    expect(modes).toEqual([0, 1, 2, 3]);
  });

  it('creates a bt guest, and a refused hw guest gets the VMM reason in its config', () => {
    memory.writeBytes(BUFFER, config(DOMCTL_MODES.indexOf('bt'), 0));
    expect(runDomctl(control([]), memory, op('create'), [BUFFER, 0, 0])).toEqual([0, 7]);
    expect(reason(memory)).toBe('');

    memory.writeBytes(BUFFER, config(DOMCTL_MODES.indexOf('hw'), 0));
    expect(runDomctl(control([]), memory, op('create'), [BUFFER, 0, 0])).toEqual([-A.EINVAL, 0]);
    expect(reason(memory)).toBe('mode: the hardware of "xen" lacks virtualization support');
  });

  it('refuses a mode number it does not know, naming the ones it does', () => {
    memory.writeBytes(BUFFER, config(DOMCTL_MODES.length, 0));
    expect(runDomctl(control([]), memory, op('create'), [BUFFER, 0, 0])).toEqual([-A.EINVAL, 0]);
    expect(reason(memory)).toBe('mode: 4 is not one of 0 full, 1 pv, 2 bt, 3 hw');
  });
});

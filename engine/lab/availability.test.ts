import { describe, expect, it } from 'vitest';
import { MODES } from '../hypervisor/modes';
import { kindRuns, platformRuns, runnableKinds, runnablePlatforms } from './availability';
import { GUEST_KINDS, GUEST_KIND_FACTS, PLATFORMS } from './guest-kinds';
import { SERVER_FACTORIES } from './platforms';

describe('what this build runs', () => {
  it('runs bare metal and the hypervisor, with the full and pv modes', () => {
    expect(runnablePlatforms()).toEqual(expect.arrayContaining(['bare-metal', 'hypervisor']));
    expect(runnableKinds()).toEqual(expect.arrayContaining(['full', 'pv']));
  });

  it('runs a platform exactly when it has a server factory', () => {
    for (const platform of PLATFORMS) {
      expect(platformRuns(platform), platform).toBe(SERVER_FACTORIES[platform] !== undefined);
    }
  });

  it('runs a hypervisor kind exactly when the VMM has that mode', () => {
    for (const kind of GUEST_KINDS.filter((k) => GUEST_KIND_FACTS[k].platform === 'hypervisor')) {
      expect(kindRuns(kind), kind).toBe(Object.hasOwn(MODES, kind));
    }
  });

  it('runs no kind whose platform this build cannot run', () => {
    for (const kind of GUEST_KINDS) {
      if (!platformRuns(GUEST_KIND_FACTS[kind].platform)) expect(kindRuns(kind), kind).toBe(false);
    }
  });
});

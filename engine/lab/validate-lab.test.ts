import { describe, expect, it } from 'vitest';
import type { LabInput } from './lab-schema';
import { formatLabIssues, parseLabText, validateLab } from './validate-lab';

function lab(overrides: Partial<LabInput> = {}): LabInput {
  return {
    hyperlab: 1,
    name: 'test',
    servers: [
      {
        name: 'xen',
        harts: 2,
        memoryMiB: 256,
        hardwareVirtualization: false,
        platform: 'hypervisor',
      },
      {
        name: 'linux',
        harts: 2,
        memoryMiB: 256,
        hardwareVirtualization: true,
        platform: 'host-os',
      },
    ],
    guests: [
      { name: 'web', server: 'xen', kind: 'full', memoryMiB: 32 },
      { name: 'db', server: 'xen', kind: 'pv', memoryMiB: 32 },
      { name: 'vm1', server: 'linux', kind: 'kvm', memoryMiB: 32 },
      { name: 'box', server: 'linux', kind: 'container', memoryMiB: 16 },
    ],
    ...overrides,
  };
}

function issuesOf(input: unknown): string {
  const result = validateLab(input);
  return result.ok ? '' : formatLabIssues(result.issues);
}

describe('validateLab', () => {
  it('accepts a lab with every platform and fills defaults', () => {
    const result = validateLab(lab());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.lab.guests[0]).toMatchObject({ vcpus: 1, weight: 256, cap: 0 });
  });

  it('names the field and the reason for a shape error', () => {
    const bad = lab();
    bad.servers[0] = { ...bad.servers[0], harts: 9 };
    expect(issuesOf(bad)).toBe('servers[0].harts: must be at most 8 (harts per server)');
    expect(issuesOf({ ...lab(), guests: [{ ...lab().guests![0], kind: 'vmware' }] })).toMatch(
      /^guests\[0\]\.kind: must be one of full, bt, pv, hw, kvm, uml, container$/,
    );
  });

  it('reports missing and unknown fields', () => {
    const { memoryMiB: _dropped, ...noMemory } = lab().servers[0];
    expect(issuesOf({ ...lab(), servers: [noMemory] })).toContain(
      'servers[0].memoryMiB: is required',
    );
    expect(issuesOf({ ...lab(), colour: 'blue' })).toBe('unknown field "colour"');
  });

  it('refuses another format version', () => {
    expect(issuesOf({ ...lab(), hyperlab: 2 })).toMatch(/^hyperlab: must be 1/);
  });

  it('refuses duplicate names across servers and guests', () => {
    const guests = [
      ...lab().guests!,
      { name: 'xen', server: 'xen', kind: 'bt' as const, memoryMiB: 8 },
    ];
    expect(issuesOf(lab({ guests }))).toBe('guests[4].name: "xen" is already used');
  });

  it('refuses a guest on a server that does not exist', () => {
    const guests = [{ name: 'lost', server: 'nowhere', kind: 'full' as const, memoryMiB: 16 }];
    expect(issuesOf(lab({ guests }))).toBe(
      'guests[0].server: no server "nowhere" (servers: "xen", "linux")',
    );
  });

  it('refuses a kind the platform cannot host', () => {
    const guests = [{ name: 'c1', server: 'xen', kind: 'container' as const, memoryMiB: 16 }];
    expect(issuesOf(lab({ guests }))).toBe(
      'guests[0].kind: a "container" guest needs a host-os server, but "xen" is a hypervisor ' +
        'server (it hosts full, bt, pv, hw)',
    );
  });

  it('refuses hardware-assisted guests without the H extension and says what works instead', () => {
    const guests = [{ name: 'fast', server: 'xen', kind: 'hw' as const, memoryMiB: 16 }];
    const message = issuesOf(lab({ guests }));
    expect(message).toMatch(
      /^guests\[0\]\.kind: the hardware of "xen" lacks virtualization support/,
    );
    expect(message).toContain('"full" or "bt"');
    expect(message).toContain('"pv" with the modified kernel');
  });

  it('refuses more vCPUs than harts, and a cap above what the vCPUs can use', () => {
    const guests = [
      { name: 'big', server: 'xen', kind: 'full' as const, memoryMiB: 16, vcpus: 3, cap: 50 },
    ];
    expect(issuesOf(lab({ guests }))).toBe(
      'guests[0].vcpus: asks for 3 vCPUs but "xen" has 2 harts',
    );
    const capped = [{ name: 'big', server: 'xen', kind: 'full' as const, memoryMiB: 16, cap: 150 }];
    expect(issuesOf(lab({ guests: capped }))).toMatch(
      /^guests\[0\]\.cap: 150% is more than 1 vCPU/,
    );
  });

  it('refuses memory over the server, counting dom0 and the VMM', () => {
    const guests = [
      { name: 'a', server: 'xen', kind: 'full' as const, memoryMiB: 200 },
      { name: 'b', server: 'xen', kind: 'full' as const, memoryMiB: 32 },
    ];
    expect(issuesOf(lab({ guests }))).toBe(
      'guests[1].memoryMiB: 32 MiB does not fit on "xen": 236 of its 256 MiB are taken ' +
        '(VMM 4, dom0 32, a 200)',
    );
  });

  it('treats a container memory size as a limit, not a reservation', () => {
    const guests = Array.from({ length: 4 }, (_, i) => ({
      name: `c${i}`,
      server: 'linux',
      kind: 'container' as const,
      memoryMiB: 200,
    }));
    expect(validateLab(lab({ guests })).ok).toBe(true);
  });

  it('refuses guests on a bare-metal server', () => {
    const servers = [
      {
        name: 'metal',
        harts: 1,
        memoryMiB: 64,
        hardwareVirtualization: false,
        platform: 'bare-metal' as const,
      },
    ];
    const guests = [{ name: 'g', server: 'metal', kind: 'full' as const, memoryMiB: 16 }];
    expect(issuesOf(lab({ servers, guests }))).toContain('it runs one OS and hosts no guests');
  });
});

describe('parseLabText', () => {
  it('explains a file that is not JSON', () => {
    const result = parseLabText('{ "hyperlab": 1,');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0].message).toMatch(/^not valid JSON: /);
  });

  it('round-trips a saved lab', () => {
    const first = parseLabText(JSON.stringify(lab()));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(parseLabText(JSON.stringify(first.lab))).toEqual(first);
  });
});

import { describe, expect, it } from 'vitest';
import { validateLab, type Lab, type LabIssue } from '../../../workers/lab-model';
import { withGuest, withServer } from '../../store/lab-edits';
import { guestFormIssues, serverFormIssues } from './field-issues';

const LAB: Lab = {
  hyperlab: 1,
  name: 'Test',
  servers: [
    { name: 'xen', harts: 2, memoryMiB: 128, hardwareVirtualization: true, platform: 'hypervisor' },
  ],
  guests: [
    { name: 'web', server: 'xen', kind: 'hw', vcpus: 2, memoryMiB: 32, weight: 256, cap: 0 },
    { name: 'db', server: 'xen', kind: 'full', vcpus: 1, memoryMiB: 32, weight: 256, cap: 0 },
  ],
};

function issuesOf(candidate: unknown): LabIssue[] {
  const result = validateLab(candidate);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('serverFormIssues', () => {
  it('puts what the edit breaks in the guests at the setting that broke it', () => {
    const draft = { ...LAB.servers[0], harts: 1, memoryMiB: 64, hardwareVirtualization: false };
    const found = serverFormIssues(issuesOf(withServer(LAB, 0, draft)), 0, draft, LAB);
    expect(found.fields.harts).toEqual(['asks for 2 vCPUs but "xen" has 1 harts']);
    expect(found.fields.hardwareVirtualization?.[0]).toMatch(/lacks virtualization support/);
    expect(found.fields.memoryMiB?.[0]).toMatch(/does not fit on "xen"/);
    expect(found.other).toEqual([]);
  });

  it('puts a new server named like a guest at its name field', () => {
    const draft = { ...LAB.servers[0], name: 'web' };
    const found = serverFormIssues(issuesOf(withServer(LAB, null, draft)), null, draft, LAB);
    expect(found.fields.name).toEqual(['"web" is already used']);
  });

  it('lists a change of platform that strands guests', () => {
    const draft = { ...LAB.servers[0], platform: 'host-os' as const };
    const found = serverFormIssues(issuesOf(withServer(LAB, 0, draft)), 0, draft, LAB);
    expect(found.fields.platform?.[0]).toMatch(/needs a hypervisor server/);
  });
});

describe('guestFormIssues', () => {
  it('maps the guest own paths to its fields', () => {
    const draft = {
      name: 'db',
      server: 'xen',
      kind: 'full' as const,
      vcpus: 3,
      memoryMiB: 4,
      weight: 1,
      cap: 0,
    };
    const found = guestFormIssues(issuesOf(withGuest(LAB, null, draft)), null, draft, LAB);
    expect(Object.keys(found.fields).sort()).toEqual(['memoryMiB', 'name', 'vcpus']);
    expect(found.fields.name).toEqual(['"db" is already used']);
    // The engine checks the shape of every field before the rules that relate them.
    const shape = { ...draft, weight: 0 };
    const first = guestFormIssues(issuesOf(withGuest(LAB, null, shape)), null, shape, LAB);
    expect(first.fields).toEqual({ weight: ['must be at least 1 (scheduler weight)'] });
  });

  it('puts a later guest pushed out of memory at the memory field', () => {
    const draft = { ...LAB.guests[0], memoryMiB: 80 };
    const found = guestFormIssues(issuesOf(withGuest(LAB, 0, draft)), 0, draft, LAB);
    expect(found.fields.memoryMiB?.[0]).toMatch(/does not fit/);
  });
});

import { describe, expect, it } from 'vitest';
import { validateLab, type Lab } from '../../workers/lab-model';
import { createLabStore } from './index';
import { DEFAULT_LAB, type GuestDraft, type ServerDraft } from './lab-edits';

const XEN: ServerDraft = {
  name: 'xen',
  platform: 'hypervisor',
  harts: 2,
  memoryMiB: 128,
  hardwareVirtualization: false,
};

const guest = (change: Partial<GuestDraft> = {}): GuestDraft => ({
  name: 'web',
  server: 'xen',
  kind: 'full',
  vcpus: 1,
  memoryMiB: 32,
  weight: 256,
  cap: 0,
  ...change,
});

function storeWithXen() {
  const store = createLabStore();
  expect(store.getState().saveServer(null, XEN)).toEqual([]);
  return store;
}

describe('the lab slice', () => {
  it('starts with one bare-metal server, a lab the engine accepts', () => {
    const store = createLabStore();
    expect(store.getState().lab).toEqual(DEFAULT_LAB);
    expect(validateLab(DEFAULT_LAB).ok).toBe(true);
  });

  it('adds a server and a guest, with the defaults the engine fills in', () => {
    const store = storeWithXen();
    expect(store.getState().saveGuest(null, guest({ weight: undefined, cap: undefined }))).toEqual(
      [],
    );
    const { lab } = store.getState();
    expect(lab.servers.map((s) => s.name)).toEqual(['server-1', 'xen']);
    expect(lab.guests).toEqual([
      { name: 'web', server: 'xen', kind: 'full', vcpus: 1, memoryMiB: 32, weight: 256, cap: 0 },
    ]);
  });

  it('refuses an invalid edit with the engine issues and changes nothing', () => {
    const store = storeWithXen();
    const before = store.getState().lab;
    const issues = store.getState().saveGuest(null, guest({ vcpus: 4, memoryMiB: 900 }));
    expect(issues).toContainEqual({
      path: 'guests[0].vcpus',
      message: 'asks for 4 vCPUs but "xen" has 2 harts',
    });
    expect(
      issues.some((i) => i.path === 'guests[0].memoryMiB' && /does not fit/.test(i.message)),
    ).toBe(true);
    expect(store.getState().lab).toBe(before);
  });

  it('says "is required" for an empty number field', () => {
    const store = createLabStore();
    const issues = store.getState().saveServer(null, { ...XEN, harts: undefined });
    expect(issues).toEqual([{ path: 'servers[1].harts', message: 'is required' }]);
  });

  it('takes the guests along when a server is renamed', () => {
    const store = storeWithXen();
    store.getState().saveGuest(null, guest());
    expect(store.getState().saveServer(1, { ...XEN, name: 'xen-2' })).toEqual([]);
    expect(store.getState().lab.guests[0].server).toBe('xen-2');
  });

  it('refuses to turn off hardware virtualization under an hw guest', () => {
    const store = createLabStore();
    store.getState().saveServer(null, { ...XEN, hardwareVirtualization: true });
    expect(store.getState().saveGuest(null, guest({ kind: 'hw' }))).toEqual([]);
    const issues = store.getState().saveServer(1, XEN);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('guests[0].kind');
    expect(issues[0].message).toMatch(/lacks virtualization support/);
    expect(store.getState().lab.servers[1].hardwareVirtualization).toBe(true);
  });

  it('drops the dom0 setting of a server that stops being a hypervisor', () => {
    const store = createLabStore();
    store.getState().saveServer(null, { ...XEN, dom0MemoryMiB: 16 });
    expect(store.getState().lab.servers[1].dom0MemoryMiB).toBe(16);
    expect(
      store.getState().saveServer(1, { ...XEN, platform: 'host-os', dom0MemoryMiB: 16 }),
    ).toEqual([]);
    expect(store.getState().lab.servers[1]).not.toHaveProperty('dom0MemoryMiB');
  });

  it('removes a server with its guests, but never the last server', () => {
    const store = storeWithXen();
    store.getState().saveGuest(null, guest());
    expect(store.getState().removeServer('xen')).toEqual([]);
    expect(store.getState().lab.guests).toEqual([]);
    const issues = store.getState().removeServer('server-1');
    expect(issues).toEqual([{ path: 'servers', message: 'a lab needs at least one server' }]);
    expect(store.getState().lab.servers).toHaveLength(1);
  });

  it('removes a guest and renames the lab', () => {
    const store = storeWithXen();
    store.getState().saveGuest(null, guest());
    expect(store.getState().removeGuest(0)).toEqual([]);
    expect(store.getState().lab.guests).toEqual([]);
    expect(store.getState().renameLab('Week 3')).toEqual([]);
    expect(store.getState().lab.name).toBe('Week 3');
    expect(store.getState().renameLab('x'.repeat(81))[0].path).toBe('name');
  });

  it('replaces the whole lab', () => {
    const store = createLabStore();
    const lab: Lab = { ...DEFAULT_LAB, name: 'Other' };
    store.getState().replaceLab(lab);
    expect(store.getState().lab).toBe(lab);
  });
});

describe('the ui slice', () => {
  it('opens and closes one dialog at a time and keeps a notice', () => {
    const store = createLabStore();
    store.getState().openDialog({ kind: 'server', index: null });
    store.getState().openDialog({ kind: 'shortcuts' });
    expect(store.getState().dialog).toEqual({ kind: 'shortcuts' });
    store.getState().closeDialog();
    expect(store.getState().dialog).toBeNull();
    store.getState().showNotice({ tone: 'info', text: 'hello' });
    expect(store.getState().notice?.text).toBe('hello');
    store.getState().setPresentation(true);
    store.getState().setTheme('dark');
    expect(store.getState()).toMatchObject({ presentation: true, theme: 'dark' });
  });
});

describe('the servers slice', () => {
  it('forgets a server and its statistics', () => {
    const store = createLabStore();
    store.getState().addServer('a', { name: 'a', memoryMiB: 64, harts: 1 }, 'x.elf');
    store.getState().setStats('a', {
      stats: null,
      harts: [],
      instructionsPerSecond: 0,
      hostLoad: 0,
      consoleBacklog: 0,
      guests: [],
    });
    store.getState().forgetServer('a');
    expect(store.getState().serverIds).toEqual([]);
    expect(store.getState().stats).toEqual({});
  });
});

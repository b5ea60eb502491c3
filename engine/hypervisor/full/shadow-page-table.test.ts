import { describe, expect, it } from 'vitest';
import { Bus } from '../../machine/bus';
import * as C from '../../machine/csr';
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE } from '../../machine/mmu';
import { GUEST_RAM_BASE, GuestMemory } from '../guest-memory';
import { VPRIV_S, VPRIV_U } from '../vcpu';
import { VmmMemory } from '../vmm-memory';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../../machine/sv32';
import { shadowPermissions, walkGuest } from './guest-page-walk';
import { ShadowPageTables } from './shadow-page-table';

const MiB = 1024 * 1024;

function setup() {
  const bus = new Bus(16 * MiB);
  const vmm = new VmmMemory(bus, bus.ramBase, 64 * 1024);
  const guest = new GuestMemory(bus, bus.ramBase + 4 * MiB, 8 * MiB);
  // A guest table at gpa 0x8001_0000: the kernel's RAM as a megapage at 0x8000_0000 (no U), a
  // user page at 0x0001_0000 (U, R W, D clear) through a second-level table at 0x8001_1000.
  const root = GUEST_RAM_BASE + 0x1_0000;
  const leaves = GUEST_RAM_BASE + 0x1_1000;
  guest.write32(root + 512 * 4, ((GUEST_RAM_BASE >>> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X);
  guest.write32(root + 0, ((leaves >>> 12) << 10) | PTE_V);
  guest.write32(
    leaves + 0x10 * 4,
    (((GUEST_RAM_BASE + 0x20_0000) >>> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_U,
  );
  const satp = C.SATP_MODE_SV32 | (root >>> 12);
  return { bus, vmm, guest, satp, root, leaves };
}

describe('walking the guest page table', () => {
  it('follows a megapage and sets A, and D on a store, in the guest PTE', () => {
    const { guest, satp, root } = setup();
    const walk = walkGuest(guest, satp, 0, 0x8012_3456, ACCESS_LOAD, VPRIV_S);
    expect(walk).toMatchObject({ kind: 'ok', gpa: 0x8012_3456, references: 1 });
    expect(guest.read32(root + 512 * 4) & (PTE_A | PTE_D)).toBe(PTE_A);
    walkGuest(guest, satp, 0, 0x8012_3456, ACCESS_STORE, VPRIV_S);
    expect(guest.read32(root + 512 * 4) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
  });

  it('checks privilege, SUM and fetch of user pages from S as the hardware does', () => {
    const { guest, satp } = setup();
    expect(walkGuest(guest, satp, 0, 0x8000_0000, ACCESS_LOAD, VPRIV_U).kind).toBe('page-fault');
    expect(walkGuest(guest, satp, 0, 0x1_0000, ACCESS_LOAD, VPRIV_U)).toMatchObject({
      kind: 'ok',
      gpa: 0x8020_0000,
      references: 2,
    });
    expect(walkGuest(guest, satp, 0, 0x1_0000, ACCESS_LOAD, VPRIV_S).kind).toBe('page-fault');
    expect(walkGuest(guest, satp, C.MSTATUS_SUM, 0x1_0000, ACCESS_LOAD, VPRIV_S).kind).toBe('ok');
    expect(walkGuest(guest, satp, C.MSTATUS_SUM, 0x1_0000, ACCESS_FETCH, VPRIV_S).kind).toBe(
      'page-fault',
    );
    expect(walkGuest(guest, satp, 0, 0x4000_0000, ACCESS_LOAD, VPRIV_S).kind).toBe('page-fault');
  });

  it('is an access fault when a table lies outside the domain RAM, and identity when bare', () => {
    const { guest, satp, root } = setup();
    guest.write32(root + 4, ((0x9000_0000 >>> 12) << 10) | PTE_V);
    expect(walkGuest(guest, satp, 0, 0x0040_0000, ACCESS_LOAD, VPRIV_S).kind).toBe('access-fault');
    expect(walkGuest(guest, 0, 0, 0x1000_0000, ACCESS_STORE, VPRIV_U)).toMatchObject({
      kind: 'ok',
      gpa: 0x1000_0000,
    });
  });

  it('grants a shadow only what the guest allows at that privilege, writes only once D is set', () => {
    const rw = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A;
    expect(shadowPermissions(rw, VPRIV_S, 0)).toBe(PTE_R | PTE_X);
    expect(shadowPermissions(rw | PTE_D, VPRIV_S, 0)).toBe(PTE_R | PTE_W | PTE_X);
    expect(shadowPermissions(rw | PTE_D, VPRIV_U, 0)).toBe(0);
    expect(shadowPermissions(rw | PTE_D | PTE_U, VPRIV_S, 0)).toBe(0);
    expect(shadowPermissions(rw | PTE_D | PTE_U, VPRIV_S, C.MSTATUS_SUM)).toBe(PTE_R | PTE_W);
    expect(shadowPermissions(PTE_V | PTE_X | PTE_U, VPRIV_U, C.MSTATUS_MXR)).toBe(PTE_R | PTE_X);
  });
});

describe('shadow page tables', () => {
  it('install U leaves with preset A/D in the root of the virtual privilege, and sync them away', () => {
    const { vmm } = setup();
    const free = vmm.freeFrames;
    const shadow = new ShadowPageTables(vmm);
    expect(vmm.freeFrames).toBe(free - 2);
    expect(shadow.empty).toBe(true);
    expect(shadow.install(VPRIV_S, 0x8012_3000, 0x8052_3000, PTE_R | PTE_X)).toBe(true);
    const leaf = shadow.leaf(VPRIV_S, 0x8012_3000);
    expect(leaf >>> 10).toBe(0x8052_3000 >>> 12);
    expect(leaf & 0xff).toBe(PTE_V | PTE_R | PTE_X | PTE_U | PTE_A | PTE_D);
    expect(shadow.leaf(VPRIV_U, 0x8012_3000)).toBe(0);
    expect(shadow.satp(VPRIV_S) >>> 31).toBe(1);
    expect(vmm.freeFrames).toBe(free - 3);
    shadow.install(VPRIV_S, 0x8030_0000, 0x8070_0000, PTE_R);
    shadow.install(VPRIV_S, 0x8040_0000, 0x8080_0000, PTE_R);
    shadow.syncPage(0x8012_3000);
    expect(shadow.leaf(VPRIV_S, 0x8012_3000)).toBe(0);
    // The whole 4 MiB region of the fenced address goes (it may be one guest megapage)...
    expect(shadow.leaf(VPRIV_S, 0x8030_0000)).toBe(0);
    // ...and nothing beyond it.
    expect(shadow.leaf(VPRIV_S, 0x8040_0000)).not.toBe(0);
    shadow.install(VPRIV_U, 0x1_0000, 0x8060_0000, PTE_R);
    shadow.sync();
    expect(shadow.empty).toBe(true);
    expect(shadow.leaf(VPRIV_U, 0x1_0000)).toBe(0);
    expect(vmm.freeFrames).toBe(free - 2);
    shadow.release();
    expect(vmm.freeFrames).toBe(free);
  });

  it('report running out of VMM frames instead of overwriting anything', () => {
    const bus = new Bus(4 * MiB);
    const vmm = new VmmMemory(bus, bus.ramBase, 3 * 4096);
    const shadow = new ShadowPageTables(vmm);
    expect(shadow.install(VPRIV_S, 0, 0x8010_0000, PTE_R)).toBe(true);
    expect(shadow.install(VPRIV_S, 0x40_0000, 0x8010_0000, PTE_R)).toBe(false);
    expect(() => new ShadowPageTables(vmm)).toThrow(/no memory left/);
  });
});

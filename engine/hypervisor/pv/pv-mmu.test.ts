import { describe, expect, it } from 'vitest';
import { Bus } from '../../machine/bus';
import { GuestMemory } from '../guest-memory';
import { VmmMemory } from '../vmm-memory';
import { EBUSY, EINVAL, ENOMEM, EPERM } from './abi';
import { PvMmu, VIEW_KERNEL, VIEW_USER } from './pv-mmu';

const MiB = 1024 * 1024;
const V = 1,
  R = 2,
  W = 4,
  X = 8,
  U = 16,
  A = 64,
  D = 128;

/** A 16 MiB host: the VMM's first 4 MiB, then an 8 MiB domain at host 0x8040_0000. */
function setup(hostOffset = 4 * MiB) {
  const bus = new Bus(16 * MiB);
  const vmm = new VmmMemory(bus, bus.ramBase, 4 * MiB);
  const memory = new GuestMemory(bus, bus.ramBase + hostOffset, 8 * MiB);
  const mmu = new PvMmu(memory, vmm);
  const host = (gpa: number) => memory.toHost(gpa);
  /** The hardware entry `index` of the table pinned at `gpa`, in `view`. */
  const hw = (gpa: number, view: 0 | 1, index: number) => {
    const satp = mmu.satp(mmu.root(gpa))[view];
    return vmm.read32((satp & 0x3fffff) * 4096 + 4 * index) >>> 0;
  };
  return { bus, vmm, memory, mmu, host, hw };
}

const leaf = (gpa: number, flags: number) => (((gpa / 4096) << 10) | flags) >>> 0;
const pointer = (gpa: number) => (((gpa / 4096) << 10) | V) >>> 0;

describe('PvMmu', () => {
  it('builds a kernel view (U added, user pages not executable) and a user view (U leaves only)', () => {
    const { mmu, memory, host, hw, vmm } = setup();
    const root = 0x8010_0000,
      table = 0x8010_1000;
    memory.write32(root + 4 * 512, leaf(0x8000_0000, V | R | W | X | A | D)); // the kernel's megapage
    expect(mmu.pin(table, 0)).toBe(0);
    expect(mmu.pin(root, 1)).toBe(0);
    expect(mmu.update(root + 4 * 0, pointer(table))).toBe(0);
    expect(mmu.update(table + 4 * 16, leaf(0x8020_0000, V | R | X | U | A | D))).toBe(0);

    const kernelMega = hw(root, VIEW_KERNEL, 512);
    expect(kernelMega >>> 10).toBe(host(0x8000_0000) / 4096);
    expect(kernelMega & (U | R | W | X)).toBe(U | R | W | X);
    expect(hw(root, VIEW_USER, 512)).toBe(0);

    const userTable = (hw(root, VIEW_USER, 0) >>> 10) * 4096;
    const kernelTable = (hw(root, VIEW_KERNEL, 0) >>> 10) * 4096;
    expect(vmm.owns(userTable) && vmm.owns(kernelTable)).toBe(true);
    expect(vmm.read32(userTable + 64) & (U | R | X)).toBe(U | R | X);
    expect(vmm.read32(kernelTable + 64) & X).toBe(0);
    expect(vmm.read32(userTable + 64) >>> 10).toBe(host(0x8020_0000) / 4096);
  });

  it('refuses frames that are not the domain own, and changes nothing', () => {
    const { mmu, hw } = setup();
    const root = 0x8010_0000,
      table = 0x8010_1000;
    expect(mmu.pin(table, 0)).toBe(0);
    expect(mmu.pin(root, 1)).toBe(0);
    expect(mmu.update(table, leaf(0x8080_0000, V | R | W))).toBe(-EPERM); // just past its RAM
    expect(mmu.update(table, leaf(0x7fff_f000, V | R | W))).toBe(-EPERM); // just below it
    expect(mmu.update(table, leaf(0x1000_0000, V | R | W))).toBe(-EPERM); // the UART
    expect(mmu.update(root, leaf(0x8080_0000, V | R | W))).toBe(-EPERM); // a megapage past it
    expect(mmu.update(root, leaf(0x8000_1000 & ~0xfff, V | R))).toBe(-EINVAL); // misaligned megapage
    expect(mmu.update(root, pointer(0x8010_2000))).toBe(-EPERM); // a table never pinned
    expect(mmu.update(0x8010_2000, leaf(0x8000_0000, V | R))).toBe(-EPERM); // not a table page
    expect(mmu.update(table, leaf(0x8000_0000, V | W))).toBe(-EINVAL); // W without R
    expect(mmu.refused).toBe(8);
    expect(hw(root, VIEW_KERNEL, 0)).toBe(0);
  });

  it('refuses to pin a page holding a bad entry, and pins nothing', () => {
    const { mmu, memory } = setup();
    memory.write32(0x8010_0000 + 8, leaf(0x9000_0000, V | R | W | X));
    expect(mmu.pin(0x8010_0000, 1)).toBe(-EPERM);
    expect(mmu.root(0x8010_0000)).toBeUndefined();
    expect(mmu.pin(0x8010_0004, 1)).toBe(-EINVAL);
  });

  it('keeps a leaf table while a root points at it, and a live root', () => {
    const { mmu, vmm } = setup();
    const root = 0x8010_0000,
      table = 0x8010_1000;
    const free = vmm.freeFrames;
    mmu.pin(table, 0);
    mmu.pin(root, 1);
    mmu.update(root, pointer(table));
    expect(mmu.pin(table, 0)).toBe(-EBUSY);
    expect(mmu.unpin(table, () => false)).toBe(-EBUSY);
    expect(mmu.unpin(root, () => true)).toBe(-EBUSY);
    expect(mmu.unpin(root, () => false)).toBe(0);
    expect(mmu.unpin(table, () => false)).toBe(0);
    expect(vmm.freeFrames).toBe(free);
  });

  it('spells out a megapage in 4 KiB leaves when the host frames are not 4 MiB aligned', () => {
    const { mmu, memory, host, vmm } = setup(5 * MiB);
    const root = 0x8010_0000;
    memory.write32(root + 4 * 512, leaf(0x8000_0000, V | R | W | X));
    expect(mmu.pin(root, 1)).toBe(0);
    const satp = mmu.satp(mmu.root(root))[VIEW_KERNEL];
    const entry = vmm.read32((satp & 0x3fffff) * 4096 + 4 * 512);
    expect(entry & (R | W | X)).toBe(0); // a pointer, not a leaf
    const split = (entry >>> 10) * 4096;
    expect(vmm.read32(split + 4 * 5) >>> 10).toBe(host(0x8000_5000) / 4096);
    mmu.destroy();
    expect(vmm.freeFrames).toBe(vmm.frames);
  });

  it('shares the spelled-out megapages between roots that map them alike', () => {
    const { mmu, memory, vmm } = setup(5 * MiB);
    for (const root of [0x8010_0000, 0x8010_1000, 0x8010_2000]) {
      memory.write32(root + 4 * 512, leaf(0x8000_0000, V | R | W | X));
      expect(mmu.pin(root, 1)).toBe(0);
    }
    expect(vmm.frames - vmm.freeFrames).toBe(3 * 2 + 2); // two views per root, one split per view
  });

  it('refuses a domain more VMM frames than its share, with ENOMEM', () => {
    const bus = new Bus(16 * MiB);
    const vmm = new VmmMemory(bus, bus.ramBase, 4 * MiB);
    const mmu = new PvMmu(new GuestMemory(bus, bus.ramBase + 4 * MiB, 8 * MiB), vmm, 6);
    expect(mmu.pin(0x8010_0000, 0)).toBe(0);
    expect(mmu.pin(0x8010_1000, 0)).toBe(0);
    expect(mmu.pin(0x8010_2000, 0)).toBe(0);
    expect(mmu.pin(0x8010_3000, 0)).toBe(-ENOMEM);
    expect(vmm.frames - vmm.freeFrames).toBe(6);
    expect(mmu.unpin(0x8010_0000, () => false)).toBe(0);
    expect(mmu.pin(0x8010_3000, 0)).toBe(0);
  });
});

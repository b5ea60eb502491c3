import { describe, expect, it } from 'vitest';
import { reportMissingToolchain, runProgram, toolchain } from '../../tests/support/rv32';

reportMissingToolchain();

const V = 1,
  R = 2,
  W = 4,
  X = 8,
  U = 16,
  A = 64,
  D = 128;
const ROOT = 0x8001_0000;
const L0 = 0x8001_1000;
/** Physical pages the tests map at VA 0x4000_0000 (through L0) and read back. */
const DATA = 0x8002_0000;
const DATA2 = 0x8002_1000;

const leaf = (pa: number, flags: number) => ((pa >>> 12) << 10) | flags;

/**
 * Builds Sv32 tables in M-mode, then runs `body` in S-mode (or wherever it goes). The root maps
 * VA 0x8000_0000 (4 MiB, RWX, kernel) and VA 0xc000_0000 (the same RAM, RWX + U, for U-mode
 * code at label + 0x4000_0000), VA 0 (4 MiB identity, RW: the test device), and points VA
 * 0x4000_0000 at the L0 table, whose entry k maps VA 0x4000_0000 + k * 4 KiB. `ptes` are extra
 * [address, value] writes. Traps go to M-mode `m_trap`: s9 = mcause, s10 = mepc, s11 = mtval.
 */
function paged(ptes: [number, number][], body: string, mstatusBits = 0) {
  const writes = [
    [ROOT + 0x200 * 4, leaf(0x8000_0000, V | R | W | X | A | D)],
    [ROOT + 0x300 * 4, leaf(0x8000_0000, V | R | W | X | U | A | D)],
    [ROOT + 0, leaf(0, V | R | W | A | D)],
    [ROOT + 0x100 * 4, leaf(L0, V)],
    ...ptes,
  ];
  const setup = writes
    .map(([addr, value]) => `  li t0, ${addr}\n  li t1, ${value}\n  sw t1, 0(t0)\n`)
    .join('');
  return runProgram(`
_start:
  la t0, m_trap
  csrw mtvec, t0
${setup}
  li t0, ${0x8000_0000 | (ROOT >>> 12)}
  csrw satp, t0
  li t0, ${mstatusBits}
  csrs mstatus, t0
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x800
  csrs mstatus, t0
  la t0, s_start
  csrw mepc, t0
  mret
s_start:
${body}
  ebreak
.balign 4
m_trap:
  csrr s9, mcause
  csrr s10, mepc
  csrr s11, mtval
  EXIT
`);
}

const trap = (r: ReturnType<typeof paged>) => [r.hart.x[25], r.hart.x[27] >>> 0];

describe.skipIf(!toolchain.available)('Sv32', () => {
  it('translates 4 KiB pages and megapages, and counts TLB misses', () => {
    const r = paged(
      [[L0 + 4, leaf(DATA, V | R | W | A | D)]],
      `
  li t2, 0x40001000
  li t0, 1234
  sw t0, 8(t2)
  lw a0, 8(t2)
  lw a1, 8(t2)
`,
    );
    expect(trap(r)).toEqual([3, 0]); // the final ebreak
    expect(r.hart.x[10]).toBe(1234);
    expect(r.bus.ram32[(DATA - 0x8000_0000) / 4 + 2]).toBe(1234);
    expect(r.hart.counters.pageWalks).toBeGreaterThan(0);
    expect(r.hart.counters.tlbMisses).toBeGreaterThan(0);
  });

  it('an invalid PTE raises load, store and instruction page faults with the address in tval', () => {
    expect(trap(paged([], '  li t2, 0x40002004\n  lw a0, 0(t2)'))).toEqual([13, 0x4000_2004]);
    expect(trap(paged([], '  li t2, 0x40002004\n  sw a0, 0(t2)'))).toEqual([15, 0x4000_2004]);
    expect(trap(paged([], '  li t2, 0x40002000\n  jr t2'))).toEqual([12, 0x4000_2000]);
    expect(trap(paged([], '  li t2, 0x40002000\n  amoadd.w a0, a0, (t2)'))).toEqual([
      15, 0x4000_2000,
    ]);
  });

  it('W without R is a reserved encoding: page fault', () => {
    expect(
      trap(paged([[L0 + 8, leaf(DATA, V | W | A | D)]], '  li t2, 0x40002000\n  lw a0, 0(t2)')),
    ).toEqual([13, 0x4000_2000]);
  });

  it('a store to a read-only page and a fetch from a non-executable page fault', () => {
    const ro = [[L0 + 8, leaf(DATA, V | R | A | D)]] as [number, number][];
    expect(trap(paged(ro, '  li t2, 0x40002000\n  lw a0, 0(t2)\n  sw a0, 0(t2)'))).toEqual([
      15, 0x4000_2000,
    ]);
    const r = paged(ro, '  li t2, 0x40002000\n  jr t2');
    expect(trap(r)).toEqual([12, 0x4000_2000]);
    expect(r.hart.x[26] >>> 0).toBe(0x4000_2000);
  });

  it('S-mode reaches U pages only with SUM, and never executes them', () => {
    const user = [[L0 + 8, leaf(DATA, V | R | W | X | U | A | D)]] as [number, number][];
    expect(trap(paged(user, '  li t2, 0x40002000\n  lw a0, 0(t2)'))).toEqual([13, 0x4000_2000]);
    const sum = paged(
      user,
      '  li t2, 0x40002000\n  li a0, 5\n  sw a0, 0(t2)\n  lw a1, 0(t2)',
      1 << 18,
    );
    expect(trap(sum)).toEqual([3, 0]);
    expect(sum.hart.x[11]).toBe(5);
    expect(trap(paged(user, '  li t2, 0x40002000\n  jr t2', 1 << 18))).toEqual([12, 0x4000_2000]);
  });

  it('U-mode may not touch S pages', () => {
    const r = paged(
      [[L0 + 8, leaf(DATA, V | R | W | A | D)]],
      `
  la t0, u_code
  li t1, 0x40000000
  add t0, t0, t1          # the U alias of u_code
  csrw sepc, t0
  sret                    # SPP = 0 after the mret from M
u_code:
  li a0, 1
  li t2, 0x40002000
  lw a1, 0(t2)
`,
    );
    expect(r.hart.x[10]).toBe(1);
    expect(trap(r)).toEqual([13, 0x4000_2000]);
    expect((r.hart.readCsr(0x300) >>> 11) & 3).toBe(0); // from U
  });

  it('MXR lets loads read execute-only pages', () => {
    const xonly = [[L0 + 8, leaf(DATA, V | X | A)]] as [number, number][];
    expect(trap(paged(xonly, '  li t2, 0x40002000\n  lw a0, 0(t2)'))).toEqual([13, 0x4000_2000]);
    expect(trap(paged(xonly, '  li t2, 0x40002000\n  lw a0, 0(t2)', 1 << 19))).toEqual([3, 0]);
  });

  it('the walk sets A on access and D on a store, in the PTE in memory (as QEMU 7.2 does)', () => {
    const pteAddr = L0 + 8;
    const r = paged(
      [[pteAddr, leaf(DATA, V | R | W)]],
      `
  li t2, 0x40002000
  li t3, ${pteAddr}
  lw a0, 0(t2)
  lw a1, 0(t3)            # A set, D clear
  sw a0, 4(t2)
  lw a2, 0(t3)            # A and D set
`,
    );
    expect(r.hart.x[11] & (A | D)).toBe(A);
    expect(r.hart.x[12] & (A | D)).toBe(A | D);
  });

  it('a misaligned megapage (PPN[0] != 0) is a page fault', () => {
    const r = paged(
      [[ROOT + 0x140 * 4, leaf(0x8000_1000, V | R | W | A | D)]],
      '  li t2, 0x50000000\n  lw a0, 0(t2)',
    );
    expect(trap(r)).toEqual([13, 0x5000_0000]);
  });

  it('a PTE outside RAM is an access fault of the access type', () => {
    const r = paged(
      [[ROOT + 0x140 * 4, leaf(0x4000_0000, V)]],
      '  li t2, 0x50000010\n  lw a0, 0(t2)',
    );
    expect(trap(r)).toEqual([5, 0x5000_0010]);
    const s = paged(
      [[ROOT + 0x140 * 4, leaf(0x4000_0000, V)]],
      '  li t2, 0x50000010\n  sw a0, 0(t2)',
    );
    expect(trap(s)).toEqual([7, 0x5000_0010]);
    const f = paged([[ROOT + 0x140 * 4, leaf(0x4000_0000, V)]], '  li t2, 0x50000010\n  jr t2');
    expect(trap(f)).toEqual([1, 0x5000_0010]);
  });

  it('a leaf that maps no RAM or device gives an access fault', () => {
    const r = paged(
      [[L0 + 8, leaf(0x3000_0000, V | R | W | A | D)]],
      '  li t2, 0x40002008\n  lw a0, 0(t2)',
    );
    expect(trap(r)).toEqual([5, 0x4000_2008]);
  });

  it('SFENCE.VMA makes a changed PTE take effect', () => {
    const pteAddr = L0 + 8;
    const r = paged(
      [[pteAddr, leaf(DATA, V | R | W | A | D)]],
      `
  li t0, ${DATA}
  li t1, 111
  sw t1, 0(t0)            # physical writes need no translation: the megapage maps RAM 1:1
  li t0, ${DATA2}
  li t1, 222
  sw t1, 0(t0)
  li t2, 0x40002000
  lw a0, 0(t2)            # 111, now cached in the TLB
  li t3, ${pteAddr}
  li t4, ${leaf(DATA2, V | R | W | A | D)}
  sw t4, 0(t3)
  sfence.vma t2, zero
  lw a1, 0(t2)            # 222
`,
    );
    expect([r.hart.x[10], r.hart.x[11]]).toEqual([111, 222]);
  });

  it('M-mode with MPRV translates loads and stores as MPP, but not fetches', () => {
    const r = runProgram(`
_start:
  la t0, m_trap
  csrw mtvec, t0
  li t0, ${ROOT + 0x100 * 4}
  li t1, ${leaf(0x8000_0000, V | R | W | A | D)}
  sw t1, 0(t0)                   # VA 0x4000_0000 (4 MiB) -> RAM, readable by S
  li t0, ${DATA}
  li t1, 4321
  sw t1, 0(t0)
  li t0, ${0x8000_0000 | (ROOT >>> 12)}
  csrw satp, t0                  # M-mode fetches stay untranslated: no mapping for 0x8000_0000
  li t0, (1 << 17) | (1 << 11)   # MPRV, MPP = S
  csrs mstatus, t0
  li t2, ${0x4000_0000 + DATA - 0x8000_0000}
  lw a0, 0(t2)
  li t3, 0x100
  sw t3, 4(t2)                   # write through the mapping too
  li t2, 0x40800000
  lw a1, 0(t2)                   # unmapped for S: page fault from M-mode
  EXIT
m_trap:
  csrr s9, mcause
  csrr s11, mtval
  EXIT
`);
    expect(r.hart.x[10]).toBe(4321);
    expect(r.bus.ram32[(DATA - 0x8000_0000) / 4 + 1]).toBe(0x100);
    expect([r.hart.x[25], r.hart.x[27] >>> 0]).toEqual([13, 0x4080_0000]);
  });
});

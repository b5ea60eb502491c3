/** CSR names a kernel uses, for messages; others print as hex. */
const CSR_NAMES: Readonly<Record<number, string>> = {
  0x100: 'sstatus',
  0x104: 'sie',
  0x105: 'stvec',
  0x106: 'scounteren',
  0x10a: 'senvcfg',
  0x140: 'sscratch',
  0x141: 'sepc',
  0x142: 'scause',
  0x143: 'stval',
  0x144: 'sip',
  0x180: 'satp',
  0xc00: 'cycle',
  0xc01: 'time',
  0xc02: 'instret',
  0xc80: 'cycleh',
  0xc81: 'timeh',
  0xc82: 'instreth',
};

const REGS = [
  'zero',
  'ra',
  'sp',
  'gp',
  'tp',
  't0',
  't1',
  't2',
  's0',
  's1',
  'a0',
  'a1',
  'a2',
  'a3',
  'a4',
  'a5',
  'a6',
  'a7',
  's2',
  's3',
  's4',
  's5',
  's6',
  's7',
  's8',
  's9',
  's10',
  's11',
  't3',
  't4',
  't5',
  't6',
];

/**
 * The assembly of a SYSTEM-opcode instruction as a student would read it in the kernel's source
 * (`csrw sie, zero`, `sret`, `sfence.vma zero, zero`), or undefined for anything else. Used to
 * name the instruction that stops an unmodified kernel in pv mode.
 */
export function privilegedInstruction(word: number): string | undefined {
  if ((word & 0x7f) !== 0x73) return undefined;
  const rd = (word >>> 7) & 31;
  const funct3 = (word >>> 12) & 7;
  const rs1 = (word >>> 15) & 31;
  const csr = word >>> 20;
  if (funct3 === 0) {
    switch (word >>> 0) {
      case 0x1020_0073:
        return 'sret';
      case 0x3020_0073:
        return 'mret';
      case 0x1050_0073:
        return 'wfi';
    }
    if (word >>> 25 === 0b000_1001) return `sfence.vma ${REGS[rs1]}, ${REGS[(word >>> 20) & 31]}`;
    return undefined;
  }
  if (funct3 === 4) return undefined;
  const name = CSR_NAMES[csr] ?? `0x${csr.toString(16)}`;
  const op = ['', 'rw', 'rs', 'rc', '', 'rwi', 'rsi', 'rci'][funct3];
  const source = funct3 >= 5 ? String(rs1) : REGS[rs1];
  if (funct3 === 2 && rs1 === 0) return `csrr ${REGS[rd]}, ${name}`;
  if (rd === 0) return `csr${op.slice(1)} ${name}, ${source}`;
  return `csr${op} ${REGS[rd]}, ${name}, ${source}`;
}

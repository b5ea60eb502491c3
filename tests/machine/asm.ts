import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CACHE = join(tmpdir(), 'hyperlab-machine-tests');

/**
 * Assembles a small bare-metal program (GNU assembler syntax, entry `_start`) with clang and
 * links it at 0x8000_0000 as an ELF32 executable, the way `-bios none` expects. Returns its path.
 * Callers check `missingTools(…, 'clang', 'ld.lld')` first.
 */
export function assemble(source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  mkdirSync(CACHE, { recursive: true });
  const elf = join(CACHE, `${hash}.elf`);
  if (existsSync(elf)) return elf;
  const asm = join(CACHE, `${hash}.S`);
  const obj = join(CACHE, `${hash}.o`);
  const script = join(CACHE, `${hash}.ld`);
  writeFileSync(asm, `.section .text.start\n.globl _start\n${source}\n`);
  writeFileSync(
    script,
    'SECTIONS { . = 0x80000000; .text : { *(.text.start) *(.text*) } .data : { *(.data*) *(.bss*) } }\n',
  );
  execFileSync('clang', [
    '--target=riscv32',
    '-march=rv32ima',
    '-mabi=ilp32',
    '-mno-relax',
    '-c',
    asm,
    '-o',
    obj,
  ]);
  execFileSync('ld.lld', [
    '-m',
    'elf32lriscv',
    '--no-relax',
    '-static',
    '-T',
    script,
    obj,
    '-o',
    `${elf}.tmp`,
  ]);
  execFileSync('mv', [`${elf}.tmp`, elf]);
  return elf;
}

/** Common pieces of the test programs. */
export const UART = 0x1000_0000;
export const FINISHER = 0x10_0000;

/** `la`-free helpers: print the string at label `msg` (NUL-terminated) then power off. */
export const printAndPowerOff = (text: string) => `
_start:
  li t0, ${UART}
  la t1, msg
1: lbu t2, 0(t1)
  beqz t2, 2f
  sb t2, 0(t0)
  addi t1, t1, 1
  j 1b
2: li t0, ${FINISHER}
  li t1, 0x5555
  sw t1, 0(t0)
3: j 3b
msg: .asciz ${JSON.stringify(text)}
`;

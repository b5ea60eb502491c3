import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vm } from '../support/cli';
import { missingTools } from '../support/tools';
import { assemble } from './asm';
import * as programs from './programs';

const skip = missingTools('vm CLI tests', 'clang', 'ld.lld');

describe.skipIf(skip)('npm run vm', () => {
  it('prints the guest console and exits 0 when it powers off', async () => {
    const result = await vm([assemble(programs.HELLO)]);
    expect(result).toEqual({ code: 0, stdout: 'hello\n', stderr: '' });
  });

  it('exits with the guest failure code', async () => {
    const result = await vm([assemble(programs.FAIL_7)]);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('');
  });

  it('delivers --input with escapes as the guest reads it', async () => {
    const result = await vm([assemble(programs.ECHO_INTERRUPT), '--input', 'one\\ttwo\\x21\\nq']);
    expect(result).toMatchObject({ code: 0, stdout: 'one\ttwo!\n' });
  });

  it('feeds piped stdin to the UART', async () => {
    const result = await vm([assemble(programs.ECHO_POLLING)], 'piped bytes\nq');
    expect(result).toMatchObject({ code: 0, stdout: 'piped bytes\n' });
  });

  it('stops a runaway guest at --max-insns with a message and exit 124', async () => {
    const result = await vm([assemble(programs.SPIN), '--max-insns', '200000']);
    expect(result.code).toBe(124);
    expect(result.stderr).toBe('vm: stopped after 200000 instructions (--max-insns 200000)\n');
  });

  it('stops a guest whose harts only take traps, saying where it is stuck', async () => {
    const result = await vm([assemble('_start: csrw mtvec, zero\n  .word 0')]);
    expect(result.code).toBe(124);
    expect(result.stderr).toBe(
      'vm: the guest is stuck: no instruction retired in 1000 rounds of traps ' +
        '(hart 0 at pc 0x00000000 in M-mode, mostly instruction-access-fault)\n',
    );
  });

  it('exits 3 with a message when the guest waits for input and stdin has ended', async () => {
    const result = await vm([assemble(programs.ECHO_INTERRUPT), '--input', 'abc']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('abc');
    expect(result.stderr).toBe('vm: the guest is idle waiting for input and stdin has ended\n');
  });

  it('exits 3 when a guest with a timer tick sits idle after stdin has ended', async () => {
    const result = await vm([assemble(programs.TICKING_IDLE), '--stats']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('>');
    const [message, statsLine] = result.stderr.trim().split('\n');
    expect(message).toBe(
      'vm: the guest is idle waiting for input and stdin has ended (no console activity for 30 s of guest time)',
    );
    expect(JSON.parse(statsLine).interrupts['machine-timer']).toBeGreaterThanOrEqual(30_000);
  });

  it('prints one JSON line of statistics with --stats', async () => {
    const result = await vm([assemble(programs.TIMER), '--stats', '--harts', '2', '--mem', '64']);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines.length).toBe(1);
    const stats = JSON.parse(lines[0]);
    expect(stats).toMatchObject({
      exit: 'powered-off',
      interrupts: { 'machine-timer': 1 },
      traps: {},
    });
    expect(stats.instructions).toBeGreaterThan(0);
    expect(typeof stats.wallMs).toBe('number');
    expect(stats.harts.length).toBe(2);
    expect(stats).toHaveProperty('mips');
    expect(stats).toHaveProperty('tlbHits');
  });

  it('boots several harts with the device tree where QEMU puts it', async () => {
    const result = await vm([assemble(programs.harts(3)), '--harts', '3']);
    expect(result).toEqual({ code: 0, stdout: '87e00000\n', stderr: '' });
  });
});

describe('npm run vm refusals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vm-cli-'));
  const empty = join(dir, 'empty.bin');
  writeFileSync(empty, '');

  it.each([
    [
      ['/bin/sh'],
      /^vm: \/bin\/sh: not an rv32 image: 64-bit ELF \(ELFCLASS64\); Hyperlab runs RV32 only\n$/,
    ],
    [[empty], /^vm: .*empty.bin: empty image: the file has 0 bytes\n$/],
    [[join(dir, 'missing.elf')], /^vm: cannot read .*missing.elf: no such file\n$/],
    [[empty, '--bogus'], /^vm: unknown option --bogus \(see --help\)\n$/],
    [[empty, '--mem', 'lots'], /^vm: --mem expects a whole number, got 'lots'\n$/],
    [[empty, '--harts', '9'], /^vm: --harts must be from 1 to 8, got 9\n$/],
    [[empty, '--max-insns'], /^vm: --max-insns needs a value\n$/],
    [[empty, '--input', '\\q'], /^vm: --input: unknown escape \\q/],
  ])('%j: one line on stderr, exit 2', async (args, message) => {
    const result = await vm(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('prints usage for --help', async () => {
    const result = await vm(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run -s vm -- \[IMAGE\]/);
  });
});

/**
 * The committed public/images/cpubench.elf, which `npm run bench` falls back to without clang,
 * must be what guest/cpubench builds today.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { missingTools } from '../tests/support/tools';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const skip = missingTools('cpubench image check', 'clang', 'ld.lld', 'make');

describe.skipIf(skip !== undefined)('cpubench image', () => {
  test('public/images/cpubench.elf matches guest/cpubench', () => {
    execFileSync('make', ['-s', '-C', join(REPO, 'guest/cpubench')], { stdio: 'pipe' });
    const built = readFileSync(join(REPO, 'guest/build/cpubench/cpubench.elf'));
    const committed = readFileSync(join(REPO, 'public/images/cpubench.elf'));
    expect(committed.equals(built), 'rebuild it: make -C guest/cpubench install').toBe(true);
  });
});

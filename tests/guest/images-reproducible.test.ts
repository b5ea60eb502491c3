import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingTools } from '../support/tools';

const COMMITTED = 'public/images';

/**
 * The images in public/images are committed so the lab runs without a C toolchain; this proves
 * they are exactly what the sources build. It builds a copy of guest/ in a fresh directory (a
 * different path, so any path that leaked into a binary would show) and compares byte for byte.
 */
describe.skipIf(missingTools('guest images', 'clang', 'ld.lld', 'llvm-objcopy', 'make'))(
  'the committed guest images',
  () => {
    const root = mkdtempSync(join(tmpdir(), 'hyperlab-images-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('are rebuilt byte for byte from their sources', () => {
      cpSync('guest', join(root, 'guest'), {
        recursive: true,
        filter: (source) => !source.startsWith(join('guest', 'build')),
      });
      mkdirSync(join(root, 'scripts'));
      cpSync('scripts/mkinitramfs.mjs', join(root, 'scripts/mkinitramfs.mjs'));
      execFileSync('make', ['-s', '-C', join(root, 'guest'), '-j2', 'install'], { stdio: 'pipe' });

      const built = readdirSync(join(root, COMMITTED)).sort();
      expect(built.length).toBeGreaterThan(0);
      for (const image of built) {
        const fresh = readFileSync(join(root, COMMITTED, image));
        const committed = readFileSync(join(COMMITTED, image));
        expect(
          fresh.equals(committed),
          `${COMMITTED}/${image} differs from its sources: run npm run build:guest and commit it`,
        ).toBe(true);
      }
    });
  },
);

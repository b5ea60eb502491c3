import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Whether the commit the script counts from is in this clone (a shallow one may lack it). */
function hasBase(): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', '93cb69e^{commit}'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The lesson of docs/pv-diff.md holds: the paravirtual port stays a short, contained diff. */
describe.skipIf(!hasBase())('scripts/pv-diff.mjs', () => {
  it('counts a pv layer about the native one’s size and a shared-code change near 1%', () => {
    const figures = JSON.parse(
      execFileSync('node', ['scripts/pv-diff.mjs', '--json'], { encoding: 'utf8' }),
    ) as {
      nativeArchLines: number;
      pvArchLines: number;
      sharedAdded: number;
      sharedPercent: number;
    };
    expect(figures.pvArchLines).toBeGreaterThan(0);
    expect(figures.pvArchLines).toBeLessThan(1.25 * figures.nativeArchLines);
    expect(figures.sharedAdded).toBeGreaterThan(0);
    expect(figures.sharedPercent).toBeLessThan(2);
  });
});

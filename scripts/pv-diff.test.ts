import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Whether the commits the script counts between are in this clone (a shallow one may lack them). */
function hasBase(): boolean {
  try {
    for (const commit of ['93cb69e', '62e06c5'])
      execFileSync('git', ['cat-file', '-e', `${commit}^{commit}`], { stdio: 'ignore' });
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

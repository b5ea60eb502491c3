import { describe, expect, it } from 'vitest';
import { shareByWeight } from './credit-shares';

describe('shareByWeight', () => {
  it('splits by weight when nobody is limited', () => {
    expect(
      shareByWeight(300, [
        { weight: 512, limit: 300 },
        { weight: 256, limit: 300 },
      ]),
    ).toEqual([200, 100]);
  });

  it('gives what a limited claim cannot use to the others', () => {
    // Four harts, a one-vCPU domain and a three-vCPU domain of equal weight.
    const shares = shareByWeight(400, [
      { weight: 256, limit: 100 },
      { weight: 256, limit: 300 },
    ]);
    expect(shares).toEqual([100, 300]);
  });

  it('holds caps and never hands out more than the total', () => {
    const shares = shareByWeight(100, [
      { weight: 1, limit: 25 },
      { weight: 1, limit: 100 },
      { weight: 1, limit: 100 },
    ]);
    expect(shares).toEqual([25, 37, 37]);
    expect(shareByWeight(100, [])).toEqual([]);
  });
});

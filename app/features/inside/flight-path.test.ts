import { describe, expect, it } from 'vitest';
import { fourPoints, routePath, type FlightGeometry } from './flight-path';
import type { LayerId } from './stack-model';

const rows: Record<string, number> = { apps: 10, kernel: 20, vmm: 30, hardware: 40 };
const geometry: FlightGeometry = {
  width: 100,
  height: 50,
  laneX: 50,
  laneStep: 10,
  middle: (id: LayerId) => rows[id],
  box: () => ({ x: 0, y: 0, width: 0, height: 0 }),
};

describe('routePath', () => {
  it('climbs straight along its family’s lane', () => {
    expect(routePath(['kernel', 'vmm'], 'reflected', geometry)).toEqual([
      { x: 60, y: 20 },
      { x: 60, y: 30 },
    ]);
    expect(routePath(['hardware', 'vmm', 'kernel'], 'calls', geometry)).toEqual([
      { x: 50, y: 40 },
      { x: 50, y: 30 },
      { x: 50, y: 20 },
    ]);
  });

  it('a trap sent back up returns beside the way it went down', () => {
    expect(routePath(['apps', 'vmm', 'kernel'], 'calls', geometry)).toEqual([
      { x: 50, y: 10 },
      { x: 50, y: 30 },
      { x: 64, y: 30 },
      { x: 64, y: 20 },
    ]);
  });
});

describe('fourPoints', () => {
  it('spreads any path over the four keyframes, evenly in time', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 0, y: 30 };
    expect(fourPoints([a, b])).toEqual([a, { x: 0, y: 10 }, { x: 0, y: 20 }, b]);
    const c = { x: 5, y: 30 };
    expect(fourPoints([a, b, c])).toEqual([a, b, b, c]);
    const d = { x: 5, y: 20 };
    expect(fourPoints([a, b, c, d])).toEqual([a, b, c, d]);
  });
});

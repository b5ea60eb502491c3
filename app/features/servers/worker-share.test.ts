import { describe, expect, it } from 'vitest';
import { MIN_WORKER_SHARE } from '../../../workers/server-client';
import { nextWorkerShare } from './worker-share';

describe('nextWorkerShare', () => {
  it('cuts the share while frames are missed, down to the least share', () => {
    expect(nextWorkerShare(1, 30, 3)).toBeCloseTo(0.7);
    let share = 1;
    for (let i = 0; i < 20; i++) share = nextWorkerShare(share, 30, 10);
    expect(share).toBe(MIN_WORKER_SHARE);
  });

  it('gives it back slowly while frames are kept, up to the whole', () => {
    expect(nextWorkerShare(0.5, 30, 0)).toBeCloseTo(0.55);
    expect(nextWorkerShare(0.98, 30, 0)).toBe(1);
  });

  it('tolerates a rare late frame, and judges nothing without frames', () => {
    expect(nextWorkerShare(0.5, 60, 1)).toBeCloseTo(0.55);
    expect(nextWorkerShare(0.5, 0, 0)).toBe(0.5);
  });
});

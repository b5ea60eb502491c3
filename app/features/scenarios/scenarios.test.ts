import { describe, expect, it } from 'vitest';
import { formatLabIssues, validateLab } from '../../../workers/lab-model';
import { SCENARIOS } from './scenarios';

describe('built-in scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.title, s] as const))('%s is a valid lab', (_, scenario) => {
    const result = validateLab(scenario.lab);
    expect(result.ok ? '' : formatLabIssues(result.issues)).toBe('');
  });

  it('have distinct ids and a description each', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const scenario of SCENARIOS) expect(scenario.description.length).toBeGreaterThan(80);
  });
});

import { describe, expect, it } from 'vitest';
import { validateLab, type Lab } from '../../../workers/lab-model';
import { SCENARIOS } from '../scenarios/scenarios';
import {
  codeFromHash,
  decodeLab,
  encodeLab,
  fromBase64Url,
  labLink,
  toBase64Url,
} from './share-link';

/** The biggest built-in lab, as the engine reads it (defaults filled in). */
function lab(): Lab {
  const result = validateLab(SCENARIOS[0].lab);
  if (!result.ok) throw new Error('scenario is invalid');
  return result.lab;
}

describe('share links', () => {
  it('round-trips base64url, including bytes that need + and /', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(text)).toEqual(bytes);
  });

  it('rebuilds the same lab from its link, and compresses it', async () => {
    const original = lab();
    const link = await labLink(original, 'https://example.org/hyperlab/#old');
    expect(link.startsWith('https://example.org/hyperlab/#lab=')).toBe(true);
    const code = codeFromHash(new URL(link).hash)!;
    expect(code.length).toBeLessThan(JSON.stringify(original).length);
    const result = await decodeLab(code);
    expect(result.ok && result.lab).toEqual(original);
  });

  it('explains a damaged link instead of throwing', async () => {
    const code = await encodeLab(lab());
    const damaged = await decodeLab(code.slice(0, code.length / 2));
    expect(damaged.ok).toBe(false);
    expect(!damaged.ok && damaged.issues[0].message).toMatch(/the link is damaged/);
    const foreign = await decodeLab('not a link!');
    expect(!foreign.ok && foreign.issues[0].message).toMatch(/characters a lab link never has/);
  });

  it('reports the engine issues of a valid link to an invalid lab', async () => {
    const bad = { ...lab(), servers: [] };
    const result = await decodeLab(await encodeLab(bad as unknown as Lab));
    expect(!result.ok && result.issues).toEqual([
      { path: 'servers', message: 'a lab needs at least one server' },
    ]);
  });

  it('finds a lab only in a #lab= fragment', () => {
    expect(codeFromHash('#lab=abc')).toBe('abc');
    expect(codeFromHash('#other')).toBeUndefined();
    expect(codeFromHash('')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB } from '../../store/lab-edits';
import { labFileName, labFileText, readLabFile } from './lab-file';
import { restoreLab, STORAGE_KEY, storeLab, type KeyValueStore } from './lab-storage';

function memoryStorage(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

describe('keeping the lab', () => {
  it('restores what it stored, and nothing when nothing was stored', () => {
    const storage = memoryStorage();
    expect(restoreLab(storage)).toBeUndefined();
    storeLab(storage, DEFAULT_LAB);
    expect(restoreLab(storage)).toEqual({ ok: true, lab: DEFAULT_LAB });
  });

  it('reports a kept lab the engine refuses instead of loading it', () => {
    const storage = memoryStorage();
    storage.setItem(STORAGE_KEY, '{"hyperlab": 99}');
    const result = restoreLab(storage);
    expect(result?.ok).toBe(false);
  });

  it('survives a storage that refuses to write', () => {
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => storeLab(full, DEFAULT_LAB)).not.toThrow();
  });
});

describe('lab files', () => {
  it('writes the engine format and reads it back', async () => {
    const text = labFileText(DEFAULT_LAB);
    expect(JSON.parse(text)).toEqual(DEFAULT_LAB);
    expect(await readLabFile(new Blob([text]))).toEqual({ ok: true, lab: DEFAULT_LAB });
  });

  it('names the file after the lab', () => {
    expect(labFileName({ ...DEFAULT_LAB, name: 'One kernel, one fate!' })).toBe(
      'one-kernel-one-fate.json',
    );
    expect(labFileName({ ...DEFAULT_LAB, name: '***' })).toBe('lab.json');
  });

  it('says why a file is not a lab', async () => {
    const result = await readLabFile(new Blob(['{ not json']));
    expect(!result.ok && result.issues[0].message).toMatch(/^not valid JSON/);
  });
});

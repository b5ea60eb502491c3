import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabOptions, UsageError } from './lab-options';

describe('parseLabOptions', () => {
  it('reads the file, console, inputs with escapes, and stats', () => {
    const options = parseLabOptions([
      'docs/labs/x.json',
      '--console',
      'web',
      '--input',
      'web=ls\\n',
      '--input=db=a=b',
      '--stats',
    ]);
    expect(options).toEqual({
      file: resolve('docs/labs/x.json'),
      console: 'web',
      inputs: [
        { console: 'web', bytes: new TextEncoder().encode('ls\n') },
        { console: 'db', bytes: new TextEncoder().encode('a=b') },
      ],
      stats: true,
    });
    expect(parseLabOptions(['--help'])).toBe('help');
  });

  it('refuses what it cannot use, naming it', () => {
    expect(() => parseLabOptions([])).toThrow('no lab file given (see --help)');
    expect(() => parseLabOptions(['a.json', 'b.json'])).toThrow('one lab file only');
    expect(() => parseLabOptions(['a.json', '--input', 'nothing'])).toThrow(
      "--input expects NAME=TEXT, got 'nothing'",
    );
    expect(() => parseLabOptions(['a.json', '--input', 'x=\\q'])).toThrow(/unknown escape \\q/);
    expect(() => parseLabOptions(['a.json', '--console'])).toThrow('--console needs a value');
    expect(() => parseLabOptions(['a.json', '--fast'])).toThrow(UsageError);
  });
});

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, lab } from '../support/cli';

const IMAGE = join(REPO, 'public/images/bare-metal.elf');

const dir = mkdtempSync(join(tmpdir(), 'hyperlab-lab-'));

function labFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const metal = {
  name: 'metal',
  harts: 1,
  memoryMiB: 64,
  hardwareVirtualization: false,
  platform: 'bare-metal',
};

describe('npm run lab', () => {
  it('prints every validation error as FILE: path: message and exits 2', async () => {
    const file = labFile('bad.json', {
      hyperlab: 1,
      servers: [{ ...metal, harts: 9 }],
      guests: [{ name: 'g', server: 'nowhere', kind: 'full', memoryMiB: 16 }],
    });
    const result = await lab([file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      `${file}: servers[0].harts: must be at most 8 (harts per server)`,
    ]);
    const relations = labFile('relations.json', {
      hyperlab: 1,
      servers: [metal],
      guests: [{ name: 'g', server: 'nowhere', kind: 'full', memoryMiB: 16 }],
    });
    expect((await lab([relations])).stderr).toBe(
      `${relations}: guests[0].server: no server "nowhere" (servers: "metal")\n`,
    );
    const notJson = await lab([labFile('text.json', '{ "hyperlab": 1,')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/text\.json: not valid JSON: /);
  });

  it.skipIf(!existsSync(IMAGE))(
    'runs a host-OS server: its agent starts the guests, each on its own console',
    async () => {
      const result = await lab([
        'docs/labs/host-os.json',
        '--console',
        'vm1',
        '--input',
        'vm1=uname -a\\n',
        '--input',
        'linux=sleep 5; poweroff\\n',
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Hyperlab lkvm (KVM)');
    },
    120_000,
  );

  it.skipIf(!existsSync(IMAGE))(
    'boots the lab OS on a bare-metal server to poweroff with --input',
    async () => {
      const result = await lab([
        'docs/labs/bare-metal.json',
        '--input',
        'metal=echo hello\\x21\\npoweroff\\n',
        '--stats',
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('sbi: running on Hyperlab firmware (bare metal)');
      expect(result.stdout).toMatch(/^hello!\r?$/m);
      expect(result.stdout).toContain('reboot: power down');
      const stats = JSON.parse(result.stderr.trim()) as { servers: { name: string }[] };
      expect(stats.servers.map((s) => s.name)).toEqual(['metal']);
    },
  );

  it.skipIf(!existsSync(IMAGE))(
    'stops at timeLimitSeconds with exit 124, naming who ran',
    async () => {
      const file = labFile('limit.json', { hyperlab: 1, timeLimitSeconds: 0.02, servers: [metal] });
      const result = await lab([file]);
      expect(result.code).toBe(124);
      expect(result.stderr).toBe(
        'lab: time limit of 0.02 s of virtual time reached; still running: metal\n',
      );
    },
  );

  it('refuses an unknown console', async () => {
    const result = await lab(['docs/labs/bare-metal.json', '--input', 'web=ls\\n']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('lab: --input web=…: no such console (consoles: metal)\n');
  });
});

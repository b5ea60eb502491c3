import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { encodeLab } from '../app/features/keep/share-link';
import { GUEST_KIND_FACTS, RUNNABLE_GUEST_KINDS, validateLab } from '../workers/lab-model';

const labOsMissing = !existsSync('public/images/kernel.elf');
const LAB_OS_SKIP = 'public/images/*.elf are not built yet (npm run build:guest)';

/** Every kind the hypervisor of this build runs, one guest each, beside a bare-metal server. */
const KINDS = [...RUNNABLE_GUEST_KINDS].filter(
  (kind) => GUEST_KIND_FACTS[kind].platform === 'hypervisor',
);

async function openCompareLab(page: Page) {
  const result = validateLab({
    hyperlab: 1,
    name: 'Compare',
    servers: [
      {
        name: 'metal',
        harts: 1,
        memoryMiB: 64,
        hardwareVirtualization: false,
        platform: 'bare-metal',
      },
      {
        name: 'xen',
        harts: 2,
        memoryMiB: 64 + 32 * KINDS.length,
        hardwareVirtualization: true,
        platform: 'hypervisor',
      },
    ],
    guests: KINDS.map((kind) => ({ name: `${kind}-guest`, server: 'xen', kind, memoryMiB: 24 })),
  });
  if (!result.ok) throw new Error(`the test lab is invalid: ${JSON.stringify(result.issues)}`);
  await page.goto(`/#lab=${await encodeLab(result.lab)}`);
  for (const name of ['metal', ...KINDS.map((kind) => `${kind}-guest on xen`)]) {
    const console = page.getByRole('group', { name: `Serial console of ${name}` });
    await console.scrollIntoViewIfNeeded();
    await expect(console.locator('.xterm-rows')).toContainText('$ ', { timeout: 30_000 });
  }
}

test.describe('compare', () => {
  test.skip(labOsMissing, LAB_OS_SKIP);

  test('runs bench in every guest and compares each operation with bare metal', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    expect(KINDS).toEqual(expect.arrayContaining(['full', 'pv']));
    await openCompareLab(page);
    const compare = page.getByTestId('compare');
    await compare.getByRole('button', { name: 'Run bench everywhere' }).click();
    const statuses = compare.getByTestId('bench-status');
    await expect(statuses).toHaveCount(1 + KINDS.length);
    for (let i = 0; i < 1 + KINDS.length; i++) {
      await expect(statuses.nth(i)).toContainText('done', { timeout: 240_000 });
    }
    await expect(compare.getByTestId('compare-baseline')).toHaveText(
      'Relative to bare metal: metal.',
    );
    const table = compare.getByTestId('compare-table');
    for (const operation of ['null', 'fork', 'ctxsw', 'pgfault', 'console', 'cpu', 'mem']) {
      await expect(table.getByRole('row', { name: new RegExp(`^${operation}\\b`) })).toContainText(
        '×',
      );
    }
    // The shape the course teaches: a system call traps under full virtualization.
    await expect(compare.getByTestId('compare-null')).toContainText(
      /System calls cost [\d.,]+× bare metal under full virtualization: each one traps to the VMM/,
    );
    // And the figures are the ones bench printed in the guest's own console.
    const full = page.getByRole('group', { name: 'Serial console of full-guest on xen' });
    await full.scrollIntoViewIfNeeded();
    await expect(full.locator('.xterm-rows')).toContainText('mem: ');

    await compare.scrollIntoViewIfNeeded();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await compare.screenshot({ path: `test-results/screenshots/compare-${scheme}.png` });
    }
  });

  test('on a host OS, compares its VMs and containers with the host kernel itself', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const kinds = [...RUNNABLE_GUEST_KINDS].filter(
      (kind) => GUEST_KIND_FACTS[kind].platform === 'host-os',
    );
    test.skip(kinds.length === 0, 'this build runs no host-OS guest');
    const result = validateLab({
      hyperlab: 1,
      name: 'Compare on a host OS',
      servers: [
        {
          name: 'linux',
          harts: 2,
          memoryMiB: 256,
          hardwareVirtualization: true,
          platform: 'host-os',
        },
      ],
      guests: kinds.map((kind) => ({
        name: `${kind}-guest`,
        server: 'linux',
        kind,
        memoryMiB: kind === 'container' ? 16 : 32,
      })),
    });
    if (!result.ok) throw new Error('the test lab is invalid');
    await page.goto(`/#lab=${await encodeLab(result.lab)}`);
    for (const name of ['linux (host)', ...kinds.map((kind) => `${kind}-guest on linux`)]) {
      const console = page.getByRole('group', { name: `Serial console of ${name}` });
      await console.scrollIntoViewIfNeeded();
      await expect(console.locator('.xterm-rows')).toContainText('$ ', { timeout: 60_000 });
    }
    const compare = page.getByTestId('compare');
    await compare.getByRole('button', { name: 'Run bench everywhere' }).click();
    const statuses = compare.getByTestId('bench-status');
    await expect(statuses).toHaveCount(1 + kinds.length);
    for (let i = 0; i < 1 + kinds.length; i++) {
      await expect(statuses.nth(i)).toContainText('done', { timeout: 240_000 });
    }
    // The host's own console is the lab kernel on the hardware: the baseline.
    await expect(compare.getByTestId('compare-baseline')).toHaveText(
      'Relative to bare metal: linux (host).',
    );
    if (kinds.includes('container')) {
      await expect(compare.getByTestId('compare-null')).toContainText(
        "there is only the host kernel, and the container's processes call it directly",
      );
    }
  });
});

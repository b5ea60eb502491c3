import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { encodeLab } from '../app/features/keep/share-link';
import {
  GUEST_KIND_FACTS,
  RUNNABLE_GUEST_KINDS,
  RUNNABLE_PLATFORMS,
  validateLab,
  type GuestKind,
  type Platform,
} from '../workers/lab-model';

const imagesMissing = !existsSync('public/images/kernel.elf');
const IMAGES_SKIP = 'public/images/*.elf are not built yet (npm run build:guest)';

/** One server per platform that hosts guests, with hardware virtualization on. */
const HOSTS: Partial<Record<Platform, string>> = { hypervisor: 'xen', 'host-os': 'linux' };
const KINDS = [...RUNNABLE_GUEST_KINDS];

function kindsOn(platform: Platform): GuestKind[] {
  return KINDS.filter((kind) => GUEST_KIND_FACTS[kind].platform === platform);
}

/** A lab with one guest of every kind this build runs, named after its kind. */
async function openEveryKind(page: Page) {
  const platforms = (['hypervisor', 'host-os'] as const).filter(
    (p) => RUNNABLE_PLATFORMS.has(p) && kindsOn(p).length > 0,
  );
  const result = validateLab({
    hyperlab: 1,
    name: 'Every kind',
    servers: platforms.map((platform) => ({
      name: HOSTS[platform],
      harts: 2,
      memoryMiB: 256,
      hardwareVirtualization: true,
      platform,
    })),
    guests: platforms.flatMap((platform) =>
      kindsOn(platform).map((kind) => ({
        name: `a-${kind}`,
        server: HOSTS[platform],
        kind,
        memoryMiB: kind === 'container' ? 16 : 32,
      })),
    ),
  });
  if (!result.ok) throw new Error(`the test lab is invalid: ${JSON.stringify(result.issues)}`);
  await page.goto(`/#lab=${await encodeLab(result.lab)}`);
}

test.describe('every kind', () => {
  test.skip(imagesMissing, IMAGES_SKIP);

  test('a guest of every kind the engine has boots, and uname -a answers in its console', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    expect(KINDS).toEqual(expect.arrayContaining(['full', 'pv']));
    await openEveryKind(page);
    for (const kind of KINDS) {
      const host = HOSTS[GUEST_KIND_FACTS[kind].platform]!;
      const console = page.getByRole('group', { name: `Serial console of a-${kind} on ${host}` });
      await console.scrollIntoViewIfNeeded();
      await expect(console.locator('.xterm-rows'), kind).toContainText('$ ', { timeout: 60_000 });
      await console.click();
      await page.keyboard.type('uname -a\n');
      await expect(console.locator('.xterm-rows'), kind).toContainText(/uname -a\s*Hyperlab/);
    }
  });

  test('screenshots: a host-OS server and the kind cards, light and dark', async ({ page }) => {
    test.setTimeout(120_000);
    test.skip(!RUNNABLE_PLATFORMS.has('host-os'), 'this build runs no host-OS server');
    await openEveryKind(page);
    const linux = page.getByRole('article', { name: 'linux', exact: true });
    const workspace = page.locator('.server-workspace').filter({ has: linux });
    const host = page.getByRole('group', { name: 'Serial console of linux (host)' });
    await host.scrollIntoViewIfNeeded();
    await expect(host.locator('.xterm-rows')).toContainText('$ ', { timeout: 60_000 });
    for (const kind of kindsOn('host-os')) {
      const guest = page.getByRole('group', { name: `Serial console of a-${kind} on linux` });
      await guest.scrollIntoViewIfNeeded();
      await expect(guest.locator('.xterm-rows')).toContainText('$ ', { timeout: 60_000 });
    }
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await workspace.screenshot({ path: `test-results/screenshots/host-os-${scheme}.png` });
    }
    await page.getByRole('button', { name: 'Add guest to linux' }).click();
    const dialog = page.getByRole('dialog');
    for (const kind of kindsOn('host-os')) {
      await expect(dialog.getByTestId(`kind-${kind}`)).not.toContainText('not available');
    }
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await dialog.screenshot({ path: `test-results/screenshots/kind-cards-${scheme}.png` });
    }
  });

  test('a domain xl creates in dom0 is listed with its state and gets a console', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const result = validateLab({
      hyperlab: 1,
      name: 'xl',
      servers: [
        {
          name: 'xen',
          harts: 2,
          memoryMiB: 128,
          hardwareVirtualization: false,
          platform: 'hypervisor',
        },
      ],
      guests: [],
    });
    if (!result.ok) throw new Error('the test lab is invalid');
    await page.goto(`/#lab=${await encodeLab(result.lab)}`);
    const dom0 = page.getByRole('group', { name: 'Serial console of xen (dom0)' });
    await expect(dom0.locator('.xterm-rows')).toContainText('$ ', { timeout: 60_000 });
    await dom0.click();
    await page.keyboard.type('xl create extra full 24\n');
    const listed = page.getByRole('list', { name: 'Domains xl created on xen' });
    await expect(listed.getByTestId('xl-domain')).toContainText('extra');
    await expect(listed.getByTestId('guest-state')).toHaveText('Running');
    const extra = page.getByRole('group', { name: 'Serial console of extra on xen' });
    await extra.scrollIntoViewIfNeeded();
    await expect(extra.locator('.xterm-rows')).toContainText('$ ', { timeout: 60_000 });
    await extra.click();
    await page.keyboard.type('uname -a\n');
    await expect(extra.locator('.xterm-rows')).toContainText('Hyperlab VMM (full virtualization)');
    // The physical UART is the VMM's and silent: the counter shows the domains' console bytes.
    await expect(page.getByTestId('counters')).toContainText('Guest console bytes');
  });
});

import { expect, test, type Page } from '@playwright/test';
import {
  imagesMissing,
  IMAGES_SKIP,
  openHypervisorLab,
  TWO_PV_GUESTS,
} from './support/hypervisor-lab';

/** What the page's last sample says of server xen, read through the debug hooks. */
interface XenSample {
  instructionsPerSecond: number;
  guests: {
    name: string;
    state: string;
    counters?: { instructions?: number; consoleBytes?: number };
  }[];
}

async function sample(page: Page): Promise<XenSample> {
  return page.evaluate(
    () => (window.hyperlab?.state() as { stats: Record<string, XenSample> }).stats.xen,
  );
}

async function guestInstructions(page: Page, name: string): Promise<number> {
  const guest = (await sample(page)).guests.find((g) => g.name === name);
  return guest?.counters?.instructions ?? -1;
}

async function guestConsoleBytes(page: Page, name: string): Promise<number> {
  const guest = (await sample(page)).guests.find((g) => g.name === name);
  return guest?.counters?.consoleBytes ?? -1;
}

function rows(page: Page, guest: string) {
  return page
    .getByRole('group', { name: `Serial console of ${guest} on xen` })
    .locator('.xterm-rows');
}

/** Waits for a guest's shell prompt, its pane in view (a pane out of view is not drawn). */
async function prompt(page: Page, guest: string) {
  await page
    .getByRole('group', { name: `Serial console of ${guest} on xen` })
    .scrollIntoViewIfNeeded();
  await expect(rows(page, guest)).toContainText('$ ', { timeout: 60_000 });
}

async function typeInto(page: Page, guest: string, text: string) {
  await page.getByRole('group', { name: `Serial console of ${guest} on xen` }).click();
  await page.keyboard.type(text);
}

/** Two samples a little apart: how far `read` moved in between. */
async function growth(page: Page, read: () => Promise<number>, ms = 1_000): Promise<number> {
  const before = await read();
  await page.waitForTimeout(ms);
  return (await read()) - before;
}

test.describe('per-guest controls, slow motion and single-step', () => {
  test.skip(imagesMissing, IMAGES_SKIP);

  test('pause, resume, reset, destroy and start one guest while the other prints', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await openHypervisorLab(page, 'Controls', TWO_PV_GUESTS);
    for (const guest of ['left', 'right']) await prompt(page, guest);
    for (const guest of ['left', 'right']) await typeInto(page, guest, 'top -d 0\n');
    // Both print until their boot lines have scrolled away.
    for (const guest of ['left', 'right']) {
      await expect(rows(page, guest)).not.toContainText('booting on hart', { timeout: 30_000 });
    }

    await page.getByRole('button', { name: 'Pause guest left' }).click();
    const left = page.getByTestId('guest').filter({ hasText: 'left' });
    await expect(left.getByTestId('guest-state')).toHaveText('Paused');
    // Paused, left retires nothing; right keeps printing.
    await expect(async () => {
      expect(await growth(page, () => guestInstructions(page, 'left'), 600)).toBe(0);
    }).toPass();
    expect(await growth(page, () => guestInstructions(page, 'right'))).toBeGreaterThan(0);
    // Counted, not read off the screen: top redraws the same text while its figures stand still.
    expect(await growth(page, () => guestConsoleBytes(page, 'right'))).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Resume guest left' }).click();
    await expect(left.getByTestId('guest-state')).toHaveText('Running');
    await expect.poll(() => growth(page, () => guestInstructions(page, 'left'))).toBeGreaterThan(0);

    // A reset reboots left from its image: its kernel boots again in its console.
    await page.getByRole('button', { name: 'Reset guest left' }).click();
    await expect(rows(page, 'left')).toContainText('booting on hart', { timeout: 30_000 });
    await expect(rows(page, 'left')).toContainText('$ ', { timeout: 60_000 });

    const right = page.getByTestId('guest').filter({ hasText: 'right' });
    await page.getByRole('button', { name: 'Destroy guest right' }).click();
    await expect(right.getByTestId('guest-state')).toHaveText('Destroyed');
    await expect(left.getByTestId('guest-state')).toHaveText('Running');
    await page.getByRole('button', { name: 'Start guest right' }).click();
    await expect(right.getByTestId('guest-state')).toHaveText('Running');
    await expect(rows(page, 'right')).toContainText('booting on hart', { timeout: 30_000 });
  });

  test('slow motion slows the instruction counter; one step moves one hart by one instruction', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await openHypervisorLab(page, 'Controls', TWO_PV_GUESTS);
    await prompt(page, 'left');
    // A busy guest: at normal pace it computes as fast as the emulator goes.
    await typeInto(page, 'left', 'spin\n');
    const speed = async () => (await sample(page)).instructionsPerSecond;
    await expect.poll(speed, { timeout: 20_000 }).toBeGreaterThan(5_000_000);

    // At 1/1000 the guests' clock moves 1 ms per second: at most a million instructions per
    // second on each of the two harts, whatever the emulator could do.
    const card = page.getByRole('article', { name: 'xen', exact: true });
    await card.getByLabel('Pace').selectOption({ label: '1/1000' });
    await expect.poll(speed, { timeout: 10_000 }).toBeLessThanOrEqual(2_100_000);
    await card.getByLabel('Pace').selectOption({ label: 'Normal speed' });
    await expect.poll(speed, { timeout: 10_000 }).toBeGreaterThan(5_000_000);

    await card.getByRole('button', { name: 'Pause xen' }).click();
    await expect(card.getByRole('button', { name: 'Start xen' })).toBeEnabled();
    const stepper = card.getByRole('form', { name: 'Step instructions on xen' });
    const hart = stepper.getByLabel('Hart');
    // The hart that carries left's vCPU (the spinner), chosen by its label.
    const option = hart.locator('option', { hasText: 'left.vcpu0' });
    await expect(option).toHaveCount(1);
    await hart.selectOption({ label: (await option.textContent())! });
    await stepper.getByLabel('Instructions').fill('1');
    const result = stepper.getByTestId('hart-step-result');
    // Most instructions of a spin loop retire and move the pc by 4; a branch or a trap may not,
    // so a few steps are taken until one shows it.
    let movedByOne = false;
    for (let i = 0; i < 20 && !movedByOne; i++) {
      const before = await result.textContent();
      await stepper.getByRole('button', { name: 'Step instructions on xen' }).click();
      await expect(result).not.toHaveText(before ?? '');
      const text = (await result.textContent())!;
      expect(text).toMatch(/retired [01] instructions?;/);
      const pc = Number.parseInt(/now at 0x([0-9a-f]+)/.exec(text)![1], 16);
      const prev = /now at 0x([0-9a-f]+)/.exec(before ?? '');
      movedByOne =
        /retired 1 instruction;/.test(text) && !!prev && pc === Number.parseInt(prev[1], 16) + 4;
    }
    expect(movedByOne).toBe(true);
  });
});

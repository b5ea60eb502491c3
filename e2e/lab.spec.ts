import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { CONSOLE_HIGH_WATER_BYTES } from '../workers/server-api';

const IMAGE_ROUTE = '**/images/bare-metal.elf';

/**
 * The lab OS image is built by `npm run build:guest` from guest/. Locally a missing image skips
 * the tests that boot it, with the reason; in CI it is an error.
 */
const labOsMissing = !existsSync('public/images/bare-metal.elf');
if (labOsMissing && process.env.CI) {
  throw new Error('public/images/bare-metal.elf is missing: run npm run build:guest');
}
const LAB_OS_SKIP = 'public/images/bare-metal.elf is not built yet (npm run build:guest)';

/**
 * The smallest image that runs: a raw binary loaded at 0x8000_0000 that waits for interrupts
 * forever (`wfi; j .-4`), for tests about the app rather than the guest.
 */
const IDLE_LOOP = new Uint8Array(new Uint32Array([0x10500073, 0xffdff06f]).buffer);

/**
 * A raw image that writes 'x' to the UART as fast as the CPU can, forever:
 * `lui t0, 0x10000; li t1, 'x'; 1: sb t1, 0(t0); j 1b`.
 */
const FLOOD = new Uint8Array(
  new Uint32Array([0x100002b7, 0x07800313, 0x00628023, 0xffdff06f]).buffer,
);

/** What the console pane shows, as a person reads it (the DOM renderer's rows). */
function consoleText(page: Page) {
  return page.getByTestId('console').locator('.xterm-rows');
}

function card(page: Page) {
  return page.getByTestId('server-card');
}

async function inputPending(page: Page, serverId = 'server-1'): Promise<number | undefined> {
  return page.evaluate((id) => {
    const state = window.hyperlab?.state() as {
      stats: Record<string, { stats: { uart: { inputPending: number } } | null }>;
    };
    return state.stats[id]?.stats?.uart.inputPending;
  }, serverId);
}

function stateBadge(page: Page) {
  return card(page).getByTestId('server-state');
}

test('the page explains itself and shows the default server', async ({ page }) => {
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ body: Buffer.from(IDLE_LOOP) }));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Hyperlab' })).toBeVisible();
  await expect(page.getByText('A virtualization lab in your browser')).toBeVisible();
  await expect(card(page).getByRole('heading', { name: 'server-1' })).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Controls of server-1' })).toBeVisible();
  await expect(page.getByText(/copies/)).toContainText('Ctrl+Shift+C copies');
  await expect(stateBadge(page)).toHaveText('Waiting');
  // The idle loop sleeps in WFI in machine mode, right where it was loaded.
  const hart = card(page).getByRole('table', { name: 'CPU cores' }).getByRole('row').nth(1);
  await expect(hart).toContainText(/^0M0x8000000[04][\d,]+waiting \(WFI\)$/);
  await expect(page.getByRole('heading', { name: 'Hardware counters' })).toBeVisible();
});

test.describe('the lab OS', () => {
  test.skip(labOsMissing, LAB_OS_SKIP);

  test('boots to a shell prompt on the default server', async ({ page }) => {
    await page.goto('/');
    await expect(consoleText(page)).toContainText('$ ', { timeout: 20_000 });
    await expect(stateBadge(page)).toHaveText('Running');
    await expect(card(page).getByTestId('server-instructions')).not.toHaveText('0');
  });

  test('powers off when told to, and Reset boots it again', async ({ page }) => {
    await page.goto('/');
    await expect(consoleText(page)).toContainText('$ ', { timeout: 20_000 });
    await page.getByTestId('console').click();
    await page.keyboard.type('poweroff\n');
    await expect(stateBadge(page)).toHaveText('Powered off');
    await expect(card(page).getByRole('status')).toContainText('powered the server off');

    await page.getByRole('button', { name: 'Reset server-1' }).click();
    await expect(stateBadge(page)).toHaveText('Running');
    await expect(card(page).getByRole('status')).toHaveCount(0);
    await expect(consoleText(page)).toContainText('Welcome to Hyperlab');
  });

  test('Ctrl+Shift+C copies the selection', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await expect(consoleText(page)).toContainText('Welcome to Hyperlab', { timeout: 20_000 });
    // A double click selects a word, as in any terminal. xterm's own layer above the text
    // takes the mouse, so click where the text is rather than on its element.
    const row = await page.getByTestId('console').getByText('Welcome to Hyperlab').boundingBox();
    await page.mouse.dblclick(row!.x + 8, row!.y + row!.height / 2);
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('Welcome');
  });

  test('answers what is typed into the console', async ({ page }) => {
    await page.goto('/');
    await expect(consoleText(page)).toContainText('$ ', { timeout: 20_000 });
    await page.getByTestId('console').click();
    await page.keyboard.type('uname -a\n');
    await expect(consoleText(page)).toContainText(/Hyperlab.*riscv32/);
  });
});

test('Ctrl+Shift+V pastes the clipboard into the guest', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ body: Buffer.from(IDLE_LOOP) }));
  await page.goto('/');
  await expect(stateBadge(page)).toHaveText('Waiting');
  await page.getByTestId('console').click();
  await page.evaluate(() => navigator.clipboard.writeText('hello, guest'));
  await page.keyboard.press('Control+Shift+V');
  // The idle loop never reads its UART, so the bytes wait in its receive queue.
  await expect.poll(() => inputPending(page)).toBe('hello, guest'.length);
});

test('a crashed worker is reported on its card and the server can be restarted', async ({
  page,
}) => {
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ body: Buffer.from(IDLE_LOOP) }));
  await page.goto('/');
  await expect(stateBadge(page)).toHaveText('Waiting');
  await page.evaluate(() => window.hyperlab?.crashWorker('server-1'));

  const alert = card(page).getByRole('alert');
  await expect(alert).toContainText("The server's worker crashed");
  await expect(alert).toContainText('crash requested by a test');
  await expect(stateBadge(page)).toHaveText('Worker crashed');
  await expect(page.getByRole('button', { name: 'Reset server-1' })).toBeDisabled();

  await alert.getByRole('button', { name: 'Restart server' }).click();
  await expect(card(page).getByRole('alert')).toHaveCount(0);
  await expect(stateBadge(page)).toHaveText('Waiting');
  await expect(consoleText(page)).toContainText('the server was restarted');
});

test('a worker that stops answering is reported and can be restarted', async ({ page }) => {
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ body: Buffer.from(IDLE_LOOP) }));
  await page.goto('/');
  await expect(stateBadge(page)).toHaveText('Waiting');
  await page.evaluate(() => window.hyperlab?.hangWorker('server-1'));
  const alert = card(page).getByRole('alert');
  await expect(alert).toContainText('the worker stopped answering', { timeout: 10_000 });
  await alert.getByRole('button', { name: 'Restart server' }).click();
  await expect(stateBadge(page)).toHaveText('Waiting');
});

test('a crash takes down only its own server', async ({ page }) => {
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ body: Buffer.from(IDLE_LOOP) }));
  await page.goto('/');
  await page.evaluate(() => window.hyperlab?.addServer('server-2'));
  const first = page.getByRole('article', { name: 'server-1' });
  const second = page.getByRole('article', { name: 'server-2' });
  await expect(second.getByTestId('server-state')).toHaveText('Waiting');

  await page.evaluate(() => window.hyperlab?.crashWorker('server-1'));
  await expect(first.getByTestId('server-state')).toHaveText('Worker crashed');
  await expect(second.getByTestId('server-state')).toHaveText('Waiting');
  await expect(second.getByRole('alert')).toHaveCount(0);
  // server-2's worker still answers: its console takes input.
  await page.getByRole('region', { name: 'Console · server-2' }).getByTestId('console').click();
  await page.keyboard.type('ok');
  await expect.poll(() => inputPending(page, 'server-2')).toBe(2);
});

test('a guest stuck taking traps is stopped and explained', async ({ page }) => {
  // All zeros is an illegal instruction, and the trap vector (mtvec 0) is no memory at all.
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ body: Buffer.alloc(4) }));
  await page.goto('/');
  await expect(stateBadge(page)).toHaveText('Failed');
  await expect(card(page).getByRole('status')).toContainText('The guest is stuck');
  await expect(page.getByRole('button', { name: 'Reset server-1' })).toBeEnabled();
});

test('an image that cannot be fetched is reported on the card', async ({ page }) => {
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ status: 404 }));
  await page.goto('/');
  const alert = card(page).getByRole('alert');
  await expect(alert).toContainText('The boot image could not be fetched');
  await expect(alert).toContainText('HTTP 404');
  await expect(stateBadge(page)).toHaveText('No image');
});

test('a web page served in place of the image is not booted', async ({ page }) => {
  await page.route(IMAGE_ROUTE, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Hyperlab</title>' }),
  );
  await page.goto('/');
  const alert = card(page).getByRole('alert');
  await expect(alert).toContainText('The boot image could not be fetched');
  await expect(alert).toContainText('the server sent a web page');
});

test('an image the engine refuses is reported in its own words', async ({ page }) => {
  await page.route(IMAGE_ROUTE, (route) =>
    route.fulfill({ body: Buffer.from('\x7fELF, but only the magic') }),
  );
  await page.goto('/');
  const alert = card(page).getByRole('alert');
  await expect(alert).toContainText('The boot image bare-metal.elf was refused');
  await expect(alert.locator('pre')).toContainText(/ELF/i);
});

test('a guest flooding its console cannot overwhelm the page', async ({ page }) => {
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ body: Buffer.from(FLOOD) }));
  await page.goto('/');
  await expect(stateBadge(page)).toHaveText('Running');
  await expect(consoleText(page)).toContainText('xxxxxxxx');

  // The page keeps drawing frames while the guest prints flat out.
  const longestFrameMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let longest = 0;
        let last = performance.now();
        const end = last + 2000;
        const frame = (now: number) => {
          longest = Math.max(longest, now - last);
          last = now;
          if (now < end) requestAnimationFrame(frame);
          else resolve(longest);
        };
        requestAnimationFrame(frame);
      }),
  );
  // Generous, for loaded CI machines: a page swamped by output stalls for many seconds.
  expect(longestFrameMs).toBeLessThan(1_000);

  // What is in flight stays near the worker's high-water mark (the worker checks the mark
  // between run calls, so one call's output, a few KB, may go past it), and output still flows.
  const sample = await page.evaluate(() => {
    const state = window.hyperlab?.state() as {
      stats: Record<string, { consoleBacklog: number; stats: { uart: { bytesOut: number } } }>;
    };
    return state.stats['server-1'];
  });
  expect(sample.consoleBacklog).toBeLessThanOrEqual(1.5 * CONSOLE_HIGH_WATER_BYTES);
  expect(sample.stats.uart.bytesOut).toBeGreaterThan(100_000);

  // And the student can still stop it.
  await page.getByRole('button', { name: 'Pause server-1' }).click();
  await expect(stateBadge(page)).toHaveText('Paused', { timeout: 2_000 });
});

test('pause, step and start drive the CPUs', async ({ page }) => {
  await page.route(IMAGE_ROUTE, (route) => route.fulfill({ body: Buffer.from(FLOOD) }));
  await page.goto('/');
  await expect(stateBadge(page)).toHaveText('Running');
  const instructions = card(page).getByTestId('server-instructions');
  const count = async () => Number((await instructions.textContent())!.replace(/,/g, ''));

  await page.getByRole('button', { name: 'Pause server-1' }).click();
  await expect(stateBadge(page)).toHaveText('Paused');
  await expect(page.getByRole('button', { name: 'Pause server-1' })).toBeDisabled();
  // Two samples agree once the CPUs have really stopped.
  await expect(async () => {
    const first = await count();
    await page.waitForTimeout(300);
    expect(await count()).toBe(first);
  }).toPass();
  const paused = await count();

  await page.getByRole('button', { name: 'Step slice server-1' }).click();
  await expect.poll(count).toBeGreaterThan(paused);
  await expect(stateBadge(page)).toHaveText('Paused');

  await page.getByRole('button', { name: 'Start server-1' }).click();
  await expect(stateBadge(page)).toHaveText('Running');
});

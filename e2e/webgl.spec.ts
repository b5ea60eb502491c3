import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const labOsMissing = !existsSync('public/images/bare-metal.elf');
const LAB_OS_SKIP = 'public/images/bare-metal.elf is not built yet (npm run build:guest)';

/** `wfi; j .-4`: a raw image that idles; the text these tests read is what they type. */
const IDLE_LOOP = new Uint8Array(new Uint32Array([0x10500073, 0xffdff06f]).buffer);

async function openIdleServer(page: Page) {
  await page.route('**/images/bare-metal.elf', (route) =>
    route.fulfill({ body: Buffer.from(IDLE_LOOP) }),
  );
  await page.goto('/?renderer=webgl');
  await expect(page.getByTestId('server-state')).toHaveText('Waiting');
}

/** Records every WebGL2 context the page makes, so a test can lose one as a GPU reset would. */
function recordWebglContexts() {
  const made: WebGL2RenderingContext[] = [];
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: never[]) {
    const context = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (context instanceof WebGL2RenderingContext && !made.includes(context)) made.push(context);
    return context;
  } as typeof original;
  (window as unknown as { webglContexts: WebGL2RenderingContext[] }).webglContexts = made;
}

/** How many WebGL2 contexts are alive (not lost), and loses the newest when asked. */
function webglContexts(page: Page, loseNewest = false) {
  return page.evaluate((lose) => {
    const made = (window as unknown as { webglContexts: WebGL2RenderingContext[] }).webglContexts;
    const alive = made.filter((gl) => !gl.isContextLost());
    if (lose) alive[alive.length - 1]?.getExtension('WEBGL_lose_context')?.loseContext();
    return alive.length;
  }, loseNewest);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(recordWebglContexts);
});

test('only the focused console draws with WebGL, one context at a time', async ({ page }) => {
  await openIdleServer(page);
  await page.evaluate(() => window.hyperlab?.addServer('server-2'));
  const first = page.getByRole('group', { name: 'Serial console of server-1' });
  const second = page.getByRole('group', { name: 'Serial console of server-2' });
  await expect(first).toHaveAttribute('data-renderer', 'dom');
  await expect(second).toHaveAttribute('data-renderer', 'dom');
  await first.click();
  await expect(first).toHaveAttribute('data-renderer', 'webgl');
  await second.click();
  await expect(second).toHaveAttribute('data-renderer', 'webgl');
  await expect(first).toHaveAttribute('data-renderer', 'dom');
  await expect(first.locator('canvas')).toHaveCount(0);
  expect(await webglContexts(page)).toBe(1);
});

test.describe('on the lab OS', () => {
  test.skip(labOsMissing, LAB_OS_SKIP);

  test('a lost WebGL context falls back to the DOM renderer, which goes on drawing', async ({
    page,
  }) => {
    await page.goto('/?renderer=webgl');
    const console = page.getByTestId('console');
    await expect(console.locator('.xterm-rows')).toContainText('$ ', { timeout: 20_000 });
    await console.click();
    await expect(console).toHaveAttribute('data-renderer', 'webgl');
    await page.keyboard.type('echo before\n');
    expect(await webglContexts(page, true)).toBe(1);
    await expect(console).toHaveAttribute('data-renderer', 'dom');
    expect(await webglContexts(page)).toBe(0);
    await expect(console.locator('.xterm-rows')).toContainText('before');
    await console.click();
    await page.keyboard.type('echo after\n');
    await expect(console.locator('.xterm-rows')).toContainText('echo afterafter');
    await expect(console).toHaveAttribute('data-renderer', 'dom');
  });
});

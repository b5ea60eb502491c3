import { expect, test, type Page } from '@playwright/test';

/** What the console pane shows, as a person reads it (the DOM renderer's rows). */
function consoleText(page: Page) {
  return page.getByTestId('console').locator('.xterm-rows');
}

function serverCard(page: Page) {
  return page.getByTestId('server-card');
}

test('the page explains itself and shows the default server', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Hyperlab' })).toBeVisible();
  await expect(page.getByText('A virtualization lab in your browser')).toBeVisible();
  await expect(serverCard(page).getByRole('heading', { name: 'server-1' })).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Controls of server-1' })).toBeVisible();
  await expect(page.getByText('Ctrl+Shift+C copies')).toBeVisible();
});

test('the default server boots the lab OS to a shell prompt', async ({ page }) => {
  await page.goto('/');
  await expect(consoleText(page)).toContainText('$', { timeout: 20_000 });
  await expect(serverCard(page).getByTestId('server-state')).toHaveText(/Running|Waiting/);
  await expect(serverCard(page).getByTestId('server-instructions')).not.toHaveText('0');
});

test('typing into the console reaches the guest', async ({ page }) => {
  await page.goto('/');
  await expect(consoleText(page)).toContainText('$', { timeout: 20_000 });
  await page.getByTestId('console').click();
  await page.keyboard.type('uname -a\n');
  await expect(consoleText(page)).toContainText(/Hyperlab.*riscv32/);
});

test('a crashed worker is reported on its card and the server can be restarted', async ({
  page,
}) => {
  await page.goto('/');
  await expect(serverCard(page).getByTestId('server-state')).toHaveText(/Running|Waiting/, {
    timeout: 20_000,
  });
  await page.evaluate(() => window.hyperlab?.crashWorker('server-1'));
  const alert = serverCard(page).getByRole('alert');
  await expect(alert).toContainText("The server's worker crashed");
  await expect(alert).toContainText('crash requested by a test');
  await expect(serverCard(page).getByTestId('server-state')).toHaveText('Worker crashed');
  await expect(page.getByRole('button', { name: 'Start server-1' })).toBeDisabled();

  await alert.getByRole('button', { name: 'Restart server' }).click();
  await expect(serverCard(page).getByRole('alert')).toHaveCount(0);
  await expect(serverCard(page).getByTestId('server-state')).toHaveText(/Running|Waiting/);
  await expect(consoleText(page)).toContainText('the server was restarted');
});

test('an image that cannot be fetched is reported on the card', async ({ page }) => {
  await page.route('**/images/bare-metal.elf', (route) => route.fulfill({ status: 404 }));
  await page.goto('/');
  const alert = serverCard(page).getByRole('alert');
  await expect(alert).toContainText('The boot image could not be fetched');
  await expect(alert).toContainText('HTTP 404');
});

test('an image the engine refuses is reported in its own words', async ({ page }) => {
  await page.route('**/images/bare-metal.elf', (route) =>
    route.fulfill({ status: 200, body: Buffer.from('\x7fELF but not really') }),
  );
  await page.goto('/');
  const alert = serverCard(page).getByRole('alert');
  await expect(alert).toContainText('The boot image was refused');
  await expect(alert.locator('pre')).not.toBeEmpty();
});

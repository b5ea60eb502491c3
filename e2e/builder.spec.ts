import { expect, test, type Page } from '@playwright/test';
import { encodeLab } from '../app/features/keep/share-link';
import { RUNNABLE_GUEST_KINDS, validateLab, type Lab } from '../workers/lab-model';

/** `wfi; j .-4`: a raw image that idles, so these tests do not wait for the lab OS to boot. */
const IDLE_LOOP = new Uint8Array(new Uint32Array([0x10500073, 0xffdff06f]).buffer);

async function openLab(page: Page, path = '/') {
  await page.route('**/images/bare-metal.elf', (route) =>
    route.fulfill({ body: Buffer.from(IDLE_LOOP) }),
  );
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Hyperlab' })).toBeVisible();
}

function dialog(page: Page) {
  return page.getByRole('dialog');
}

function server(page: Page, name: string) {
  return page.getByRole('article', { name, exact: true });
}

async function labState(page: Page): Promise<Lab> {
  return page.evaluate(() => (window.hyperlab?.state() as { lab: Lab }).lab);
}

/** Adds a hypervisor server through the dialog (the dialog's defaults, but for the fields given). */
async function addServer(
  page: Page,
  fields: { name: string; harts?: string; memory?: string; hw?: boolean },
) {
  await page.getByRole('button', { name: 'Add server' }).click();
  await dialog(page).getByLabel('Name').fill(fields.name);
  if (fields.harts) await dialog(page).getByLabel('Harts (CPU cores)').fill(fields.harts);
  if (fields.memory) await dialog(page).getByLabel('Memory (MiB)').fill(fields.memory);
  if (fields.hw !== undefined)
    await dialog(page)
      .getByLabel(/Hardware virtualization/)
      .setChecked(fields.hw);
  await dialog(page).getByRole('button', { name: 'Add server' }).click();
  await expect(dialog(page)).toHaveCount(0);
}

async function addGuest(
  page: Page,
  serverName: string,
  kind: string,
  fields: Record<string, string> = {},
) {
  await server(page, serverName)
    .getByRole('button', { name: `Add guest to ${serverName}` })
    .click();
  await dialog(page)
    .getByRole('button', { name: `Choose ${kind}` })
    .click();
  for (const [label, value] of Object.entries(fields)) {
    await dialog(page).getByLabel(label, { exact: true }).fill(value);
  }
  await dialog(page).getByRole('button', { name: 'Add guest' }).click();
}

test('build a server: a bare-metal one boots, and a host OS boots beside it', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'Add server' }).click();
  await dialog(page).getByLabel('Name').fill('metal');
  await dialog(page).getByLabel('What runs on the hardware').selectOption('bare-metal');
  await dialog(page).getByLabel('Harts (CPU cores)').fill('2');
  await dialog(page).getByLabel('Memory (MiB)').fill('32');
  await dialog(page).getByRole('button', { name: 'Add server' }).click();
  await expect(server(page, 'metal').getByTestId('server-spec')).toContainText('Bare metal');
  await expect(server(page, 'metal').getByTestId('server-spec')).toContainText('2 harts');
  await expect(server(page, 'metal').getByTestId('server-state')).toHaveText('Waiting');

  await page.getByRole('button', { name: 'Add server' }).click();
  await dialog(page).getByLabel('Name').fill('linux');
  await dialog(page).getByLabel('What runs on the hardware').selectOption('host-os');
  await dialog(page).getByLabel('Harts (CPU cores)').fill('4');
  await dialog(page).getByLabel('Memory (MiB)').fill('512');
  await dialog(page).getByRole('button', { name: 'Add server' }).click();
  const linux = server(page, 'linux');
  // The host boots the lab OS's image, which this test idles.
  await expect(linux.getByTestId('server-state')).toHaveText('Waiting');
  await expect(page.getByRole('group', { name: 'Serial console of linux (host)' })).toBeVisible();
  await expect(linux.getByTestId('server-spec')).toContainText('4 harts (CPU cores) · 512 MiB RAM');

  // Editing a server's hardware rebuilds it; removing it ends it, with an Undo.
  await server(page, 'metal').getByRole('button', { name: 'Edit metal' }).click();
  await dialog(page).getByLabel('Memory (MiB)').fill('48');
  await dialog(page).getByRole('button', { name: 'Save server' }).click();
  await expect(server(page, 'metal').getByTestId('server-spec')).toContainText('48 MiB');
  await expect(server(page, 'metal').getByTestId('server-state')).toHaveText('Waiting');
  // Its console is now the new machine's: it says so, and what is typed reaches the new worker.
  const console = page.getByRole('group', { name: 'Serial console of metal' });
  await expect(console.locator('.xterm-rows')).toContainText('the server was restarted');
  await console.click();
  await page.keyboard.type('ok');
  await expect
    .poll(() =>
      page.evaluate(() => {
        const state = window.hyperlab?.state() as {
          stats: Record<string, { stats: { uart: { inputPending: number } } | null }>;
        };
        return state.stats.metal?.stats?.uart.inputPending;
      }),
    )
    .toBe(2);
  await server(page, 'metal').getByRole('button', { name: 'Remove metal' }).click();
  await expect(server(page, 'metal')).toHaveCount(0);
  await page.getByTestId('lab-notice').getByRole('button', { name: 'Undo' }).click();
  await expect(server(page, 'metal').getByTestId('server-state')).toHaveText('Waiting');
});

test('add a guest: one card per kind the server hosts, then defaults', async ({ page }) => {
  await openLab(page);
  await addServer(page, { name: 'xen' });
  await server(page, 'xen').getByRole('button', { name: 'Add guest to xen' }).click();
  const cards = dialog(page).getByRole('article');
  await expect(cards).toHaveCount(4);
  for (const kind of ['full', 'bt', 'pv', 'hw']) {
    const card = dialog(page).getByTestId(`kind-${kind}`);
    await expect(card.getByRole('heading', { level: 3 })).toBeVisible();
    await expect(card).toContainText('Advantages');
    await expect(card).toContainText('Limitations');
    await expect(card).toContainText('Try:');
  }
  // A kind the engine's VMM has is offered as it is; one it lacks says plainly it cannot run yet.
  for (const kind of ['full', 'bt', 'pv', 'hw'] as const) {
    const card = expect(dialog(page).getByTestId(`kind-${kind}`));
    if (RUNNABLE_GUEST_KINDS.has(kind)) await card.not.toContainText('not available');
    else await card.toContainText('not available in this build yet');
  }
  await expect(dialog(page).getByTestId('kind-full')).toContainText('bench null');
  await dialog(page).getByRole('button', { name: 'Choose full' }).click();
  await expect(dialog(page).getByLabel('vCPUs')).toHaveValue('1');
  await expect(dialog(page).getByLabel('Memory (MiB)')).toHaveValue('32');
  await expect(dialog(page).getByLabel('Scheduler weight')).toHaveValue('256');
  await expect(dialog(page).getByLabel('Cap (% of one hart)')).toHaveValue('0');
  await dialog(page).getByLabel('Name', { exact: true }).fill('web');
  await dialog(page).getByRole('button', { name: 'Add guest' }).click();
  const guest = page.getByRole('list', { name: 'Guests of xen' }).getByTestId('guest');
  await expect(guest).toContainText('web');
  expect((await labState(page)).guests).toEqual([
    { name: 'web', server: 'xen', kind: 'full', vcpus: 1, memoryMiB: 32, weight: 256, cap: 0 },
  ]);
});

test('each validation error is shown at its field and nothing is applied', async ({ page }) => {
  await openLab(page);
  await addServer(page, { name: 'xen', harts: '2', memory: '128', hw: true });
  await addGuest(page, 'xen', 'hw', { Name: 'web' });
  const before = await labState(page);

  await server(page, 'xen').getByRole('button', { name: 'Add guest to xen' }).click();
  await dialog(page).getByRole('button', { name: 'Choose full' }).click();
  await dialog(page).getByLabel('Name', { exact: true }).fill('web');
  await dialog(page).getByLabel('vCPUs').fill('3');
  await dialog(page).getByLabel('Memory (MiB)').fill('200');
  await dialog(page).getByRole('button', { name: 'Add guest' }).click();
  await expect(dialog(page).getByLabel('Name', { exact: true })).toHaveAccessibleDescription(
    /"web" is already used/,
  );
  await expect(dialog(page).getByLabel('vCPUs')).toHaveAccessibleDescription(
    /asks for 3 vCPUs but "xen" has 2 harts/,
  );
  await expect(dialog(page).getByLabel('Memory (MiB)')).toHaveAccessibleDescription(
    /200 MiB does not fit on "xen"/,
  );
  await expect(dialog(page).getByLabel('vCPUs')).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Escape');
  expect(await labState(page)).toEqual(before);

  // The hardware feature: switched off under an hw guest, the refusal sits at the checkbox ...
  await server(page, 'xen').getByRole('button', { name: 'Edit xen' }).click();
  const feature = dialog(page).getByLabel(/Hardware virtualization/);
  await feature.uncheck();
  await dialog(page).getByRole('button', { name: 'Save server' }).click();
  await expect(feature).toHaveAccessibleDescription(
    /lacks virtualization support \(no H extension\)/,
  );
  await page.keyboard.press('Escape');
  expect(await labState(page)).toEqual(before);

  // ... and on a server without it, the hw card is disabled with the engine's reason.
  await addServer(page, { name: 'old', hw: false });
  await server(page, 'old').getByRole('button', { name: 'Add guest to old' }).click();
  const choose = dialog(page).getByRole('button', { name: 'Choose hw' });
  await expect(choose).toBeDisabled();
  await expect(choose).toHaveAccessibleDescription(
    /the hardware of "old" lacks virtualization support \(no H extension\), so a "hw" guest cannot run there/,
  );
  await expect(dialog(page).getByRole('button', { name: 'Choose full' })).toBeEnabled();
});

test('the lab is kept across a reload, and saved as a lab file', async ({ page }) => {
  await openLab(page);
  await addServer(page, { name: 'xen' });
  await addGuest(page, 'xen', 'pv', { Name: 'db' });
  await page.getByLabel('Lab name').fill('Week 3');
  await page.getByLabel('Lab name').press('Enter');
  const built = await labState(page);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('week-3.json');
  const text = await (await file.createReadStream()).toArray();
  expect(JSON.parse(Buffer.concat(text).toString('utf8'))).toEqual(built);

  await page.reload();
  await expect(server(page, 'xen')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Guests of xen' })).toContainText('db');
  await expect(page.getByLabel('Lab name')).toHaveValue('Week 3');
  expect(await labState(page)).toEqual(built);
});

test('a shared link rebuilds its lab', async ({ page }) => {
  const result = validateLab({
    hyperlab: 1,
    name: 'From a friend',
    servers: [
      {
        name: 'kvm-host',
        harts: 2,
        memoryMiB: 128,
        hardwareVirtualization: true,
        platform: 'host-os',
      },
    ],
    guests: [{ name: 'box', server: 'kvm-host', kind: 'container', memoryMiB: 16 }],
  });
  if (!result.ok) throw new Error('the test lab is invalid');
  await openLab(page, `/#lab=${await encodeLab(result.lab)}`);
  await expect(server(page, 'kvm-host')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Guests of kvm-host' })).toContainText('box');
  await expect(page.getByTestId('lab-notice')).toContainText('from the shared link');
  expect(await labState(page)).toEqual(result.lab);
  // The fragment is dropped, so a reload shows the work kept since, not the link again.
  expect(new URL(page.url()).hash).toBe('');
});

test('Share link makes a link that opens the same lab', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openLab(page);
  await addServer(page, { name: 'xen' });
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  expect(link).toMatch(/#lab=[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  const built = await labState(page);

  const other = await context.newPage();
  await openLab(other, link);
  await expect(server(other, 'xen')).toBeVisible();
  expect(await labState(other)).toEqual(built);
});

test('a malformed lab file is refused with the engine issues and the lab is kept', async ({
  page,
}) => {
  await openLab(page);
  await addServer(page, { name: 'xen' });
  const before = await labState(page);
  const input = page.getByLabel('Open a lab file');

  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ "hyperlab": 1,'),
  });
  const alert = page.getByTestId('lab-notice');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('The file broken.json is not a lab this Hyperlab can open');
  await expect(alert).toContainText('not valid JSON');

  const wrong = {
    hyperlab: 1,
    servers: [
      { name: 'A', harts: 9, memoryMiB: 64, hardwareVirtualization: false, platform: 'cloud' },
    ],
  };
  await input.setInputFiles({
    name: 'wrong.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(wrong)),
  });
  await expect(alert).toContainText('wrong.json');
  const issues = alert.getByRole('list', { name: 'What the engine found' }).getByRole('listitem');
  await expect(issues.filter({ hasText: 'servers[0].name' })).toContainText(
    'must start with a lowercase letter',
  );
  await expect(issues.filter({ hasText: 'servers[0].harts' })).toContainText('must be at most 8');
  await expect(issues.filter({ hasText: 'servers[0].platform' })).toContainText('must be one of');
  expect(await labState(page)).toEqual(before);
  await expect(server(page, 'xen')).toBeVisible();
});

test('scenarios, shortcuts and presentation mode', async ({ page }) => {
  await openLab(page);
  await page.keyboard.press('e');
  await dialog(page)
    .getByRole('button', { name: /One kernel, one fate/ })
    .click();
  await expect(page.getByLabel('Lab name')).toHaveValue('One kernel, one fate');
  await expect(
    page.getByRole('list', { name: 'Guests of shared' }).getByTestId('guest'),
  ).toHaveCount(3);

  await page.keyboard.press('?');
  await expect(dialog(page).getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(dialog(page)).toContainText('Ctrl+S');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);

  await page.keyboard.press('n');
  await expect(dialog(page).getByRole('heading', { name: 'Add a physical server' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveAttribute('data-presentation', '');
  await expect(page.getByRole('button', { name: 'Present' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.keyboard.press('t');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // The page's own settings outlast a reload, whatever lab comes next.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-presentation', '');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('a hypervisor runs the unmodified kernel in full mode and refuses it in pv mode', async ({
  page,
}) => {
  await openLab(page);
  await page.getByRole('button', { name: 'Scenarios' }).click();
  await dialog(page)
    .getByRole('button', { name: /Why paravirtualization needs a modified kernel/ })
    .click();
  const guests = page.getByRole('list', { name: 'Guests of xen' });
  const unmodified = guests.getByTestId('guest').filter({ hasText: 'pv-unmodified' });
  await expect(unmodified.getByTestId('guest-state')).toHaveText('Crashed', { timeout: 20_000 });
  await expect(unmodified).toContainText(/privileged instruction `csrw/);
  const crashed = page.getByRole('group', { name: 'Serial console of pv-unmodified on xen' });
  await crashed.scrollIntoViewIfNeeded();
  await expect(crashed.locator('.xterm-rows')).toContainText('pv-unmodified: crashed');

  const full = page.getByRole('group', { name: 'Serial console of full-unmodified on xen' });
  // xterm draws only what is on screen.
  await full.scrollIntoViewIfNeeded();
  await expect(full.locator('.xterm-rows')).toContainText('$ ', { timeout: 20_000 });
  await full.click();
  await page.keyboard.type('uname -a\n');
  await expect(full.locator('.xterm-rows')).toContainText('Hyperlab VMM (full virtualization)');
  const pv = page.getByRole('group', { name: 'Serial console of pv-modified on xen' });
  await pv.scrollIntoViewIfNeeded();
  await expect(pv.locator('.xterm-rows')).toContainText(
    'running on Hyperlab VMM (paravirtualized)',
  );

  // dom0 has the first console, and its xl sees every guest the VMM runs.
  const dom0 = page.getByRole('group', { name: 'Serial console of xen (dom0)' });
  await dom0.scrollIntoViewIfNeeded();
  await expect(dom0.locator('.xterm-rows')).toContainText('$ ', { timeout: 20_000 });
  await dom0.click();
  await page.keyboard.type('xl list\n');
  await expect(dom0.locator('.xterm-rows')).toContainText(/pv-modified\s+\d+\s+32/);
  await expect(dom0.locator('.xterm-rows')).toContainText('full-unmodified');

  // What each kind costs, counted by the VMM: hypercalls for pv, emulated instructions for full.
  const line = (name: string) => guests.getByTestId('guest').filter({ hasText: name });
  await page.getByText('What the VMM did for pv-modified').click();
  await expect(
    line('pv-modified').getByRole('table', { name: 'Hypercalls and SBI calls' }),
  ).toContainText('mmu_update');
  await page.getByText('What the VMM did for full-unmodified').click();
  await expect(
    line('full-unmodified').getByRole('table', { name: 'Traps to the VMM by cause' }),
  ).toContainText('illegal-instruction');
});

test('guests are added and removed on a running hypervisor while the others run on', async ({
  page,
}) => {
  await openLab(page);
  await page.getByRole('button', { name: 'Scenarios' }).click();
  await dialog(page)
    .getByRole('button', { name: /Why paravirtualization needs a modified kernel/ })
    .click();
  const full = page.getByRole('group', { name: 'Serial console of full-unmodified on xen' });
  await full.scrollIntoViewIfNeeded();
  await expect(full.locator('.xterm-rows')).toContainText('$ ', { timeout: 20_000 });
  await full.click();
  await page.keyboard.type('echo still here\n');
  await expect(full.locator('.xterm-rows')).toContainText('still here');

  await addGuest(page, 'xen', 'full', { Name: 'extra', 'Memory (MiB)': '24' });
  const extra = page.getByRole('group', { name: 'Serial console of extra on xen' });
  await extra.scrollIntoViewIfNeeded();
  await expect(extra.locator('.xterm-rows')).toContainText('$ ', { timeout: 20_000 });

  await page
    .getByRole('list', { name: 'Guests of xen' })
    .getByRole('button', { name: 'Remove pv-unmodified' })
    .click();
  await expect(
    page.getByRole('group', { name: 'Serial console of pv-unmodified on xen' }),
  ).toHaveCount(0);

  // The first guest was never rebooted: its console goes on where it was.
  await full.scrollIntoViewIfNeeded();
  await expect(full.locator('.xterm-rows')).not.toContainText('restarted');
  await full.click();
  await page.keyboard.type('uname -n\n');
  await expect(full.locator('.xterm-rows')).toContainText(/still here[\s\S]*uname -n\s*hyperlab/);
});

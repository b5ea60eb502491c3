import { expect, test, type Page } from '@playwright/test';
import {
  imagesMissing,
  IMAGES_SKIP,
  openHypervisorLab,
  TWO_PV_GUESTS,
} from './support/hypervisor-lab';

const pane = (page: Page, guest: string) =>
  page.getByRole('group', { name: `Serial console of ${guest} on xen` });

test.describe('console layouts: grid and tabs', () => {
  test.skip(imagesMissing, IMAGES_SKIP);

  test('tabs by keyboard keep each console and its text; the grid sets panes side by side', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await openHypervisorLab(page, 'Layouts', TWO_PV_GUESTS);
    const layout = page.getByRole('group', { name: 'Console layout of xen' });
    await layout.getByRole('button', { name: 'Tabs' }).click();

    const tabs = page.getByRole('tablist', { name: 'Consoles of xen' });
    await expect(tabs.getByRole('tab')).toHaveText(['xen (dom0)', 'left', 'right']);
    const own = tabs.getByRole('tab', { name: 'xen (dom0)' });
    await expect(own).toHaveAttribute('aria-selected', 'true');
    // Only the selected console is shown; the others are out of the accessibility tree.
    await expect(pane(page, 'left')).toBeHidden();

    await own.focus();
    await page.keyboard.press('ArrowRight');
    const left = tabs.getByRole('tab', { name: 'left' });
    await expect(left).toBeFocused();
    await expect(left).toHaveAttribute('aria-selected', 'true');
    await expect(pane(page, 'left')).toBeVisible();
    await expect(page.getByRole('tabpanel', { name: 'left' })).toBeVisible();
    // The guest booted while its tab was hidden: its output was kept all the same.
    await expect(pane(page, 'left').locator('.xterm-rows')).toContainText('$ ', {
      timeout: 60_000,
    });
    // Enter puts the keyboard in the console.
    await page.keyboard.press('Enter');
    await expect(pane(page, 'left').locator('textarea')).toBeFocused();
    await page.keyboard.type('uname -a\n');
    await expect(pane(page, 'left').locator('.xterm-rows')).toContainText(
      /uname -a\s*Hyperlab hyperlab .*paravirtualized/,
    );
    await page.screenshot({ path: 'test-results/screenshots/console-tabs.png' });

    await left.focus();
    await page.keyboard.press('End');
    await expect(tabs.getByRole('tab', { name: 'right' })).toHaveAttribute('aria-selected', 'true');
    await expect(pane(page, 'left')).toBeHidden();
    await page.keyboard.press('ArrowLeft');
    await expect(left).toHaveAttribute('aria-selected', 'true');
    await expect(pane(page, 'left').locator('.xterm-rows')).toContainText(
      /uname -a\s*Hyperlab hyperlab .*paravirtualized/,
    );

    await layout.getByRole('button', { name: 'Grid' }).click();
    await expect(tabs).toBeHidden();
    // Switching keeps the terminals: the text typed in tabs is still there.
    await expect(pane(page, 'left').locator('.xterm-rows')).toContainText('uname -a');
    const leftBox = await pane(page, 'left').boundingBox();
    const ownBox = await page
      .getByRole('group', { name: 'Serial console of xen (dom0)' })
      .boundingBox();
    expect(leftBox && ownBox).toBeTruthy();
    // Side by side: the same row, left's pane to the right of dom0's.
    expect(Math.abs(leftBox!.y - ownBox!.y)).toBeLessThan(2);
    expect(leftBox!.x).toBeGreaterThanOrEqual(ownBox!.x + ownBox!.width);
    // Each terminal fits its cell: its rows are no wider than the pane.
    const rowsBox = await pane(page, 'left').locator('.xterm-screen').boundingBox();
    expect(rowsBox!.width).toBeLessThanOrEqual(leftBox!.width);
    expect(rowsBox!.width).toBeGreaterThan(leftBox!.width * 0.8);
    await page.screenshot({ path: 'test-results/screenshots/console-grid.png' });
  });
});

import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { encodeLab } from '../app/features/keep/share-link';
import { validateLab } from '../workers/lab-model';
import { imagesMissing, IMAGES_SKIP, openHypervisorLab } from './support/hypervisor-lab';

/** Screenshots go here, light and dark, for a person to look at. */
const SHOTS = process.env.HYPERLAB_SHOTS ?? '/tmp';

function inside(page: Page) {
  return page.getByRole('region', { name: 'Inside xen' });
}

async function shoot(page: Page, name: string, locator = inside(page)) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // The charts redraw their canvas for the new scheme in an effect.
    await page.waitForTimeout(300);
    await locator.screenshot({ path: `${SHOTS}/inside-${name}-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a guest seen from inside: its stack with live events, charts, trace, dispatches', async ({
  page,
}) => {
  test.skip(imagesMissing, IMAGES_SKIP);
  test.setTimeout(180_000);
  await openHypervisorLab(page, 'Inside', [
    { name: 'para', kind: 'pv' },
    { name: 'trapped', kind: 'full' },
  ]);
  const panel = inside(page);
  await panel.scrollIntoViewIfNeeded();

  // The first guest's stack, drawn for its kind: a ported kernel, deprivileged, under the VMM.
  const stack = panel.getByTestId('stack-diagram');
  await expect(stack).toHaveAttribute('data-kind', 'pv');
  await expect(stack.getByRole('img')).toHaveAccessibleName(
    /VMM \(type-1 hypervisor\) in M-mode.*kernel-pv\.elf\) in U-mode, modified/,
  );
  // Its counters move as it boots: the events they show are listed as they climb the stack.
  await expect(stack.getByTestId('stack-events')).toContainText(/hypercall|SBI call/, {
    timeout: 30_000,
  });
  await shoot(page, 'stack-pv');

  await panel.getByRole('button', { name: /trapped/ }).click();
  await expect(stack).toHaveAttribute('data-kind', 'full');
  await expect(stack).toContainText('U (thinks S)');
  await expect(stack.getByTestId('stack-events')).toContainText(/emulated|reflected|SBI call/, {
    timeout: 30_000,
  });
  await shoot(page, 'stack-full');

  await panel.getByRole('button', { name: /^xen/ }).click();
  await expect(stack).toHaveAttribute('data-kind', 'dom0');

  // Charts: the guest's instructions per second is a line that moves.
  await panel.getByRole('button', { name: /para/ }).click();
  await panel.getByRole('tab', { name: 'Charts' }).click();
  const instructions = panel.locator('[data-testid=live-chart][data-family=instructions]');
  await expect(instructions.locator('canvas')).toBeVisible();
  await expect(instructions.locator('.live-chart-plot')).not.toHaveAttribute('data-empty', /.*/, {
    timeout: 15_000,
  });
  await expect(panel.locator('[data-testid=live-chart][data-family=calls]')).toContainText(
    /console_io|sched_op|set_timer|mmu_update/,
    { timeout: 15_000 },
  );
  await page.waitForTimeout(1500);
  await shoot(page, 'charts');

  // Trace: events come in; paused, they stand still; filtered, only what was asked for.
  await panel.getByRole('tab', { name: 'Trace' }).click();
  const trace = panel.getByTestId('trace-view');
  await trace.getByRole('checkbox', { name: 'Only para' }).uncheck();
  const rows = trace.locator('tbody tr');
  await expect(rows.first()).toBeVisible({ timeout: 15_000 });
  await trace.getByRole('button', { name: 'Pause' }).click();
  await expect(trace.getByTestId('trace-count')).toContainText('Paused');
  const frozen = await rows.allTextContents();
  await page.waitForTimeout(1000);
  expect(await rows.allTextContents()).toEqual(frozen);
  await trace.getByRole('searchbox').fill('run');
  await expect(rows.first()).toBeVisible();
  for (const kind of await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.kind))) {
    expect(kind).toBe('run');
  }
  await trace.getByRole('searchbox').fill('');
  await trace.getByRole('checkbox', { name: /^run/ }).uncheck();
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.kind))).not.toContain('run');
  await trace.getByRole('checkbox', { name: /^run/ }).check();
  await trace.getByRole('button', { name: 'Resume' }).click();
  await shoot(page, 'trace');

  // Timeline: a lane per hart, with the vCPUs the scheduler put on them.
  const timeline = page.getByTestId('timeline');
  await expect(timeline.getByTestId('timeline-lane')).toHaveCount(2);
  await expect(timeline.locator('.timeline-bar').first()).toBeVisible();
  await expect(timeline.getByRole('list', { name: 'Domains' })).toContainText('para');
  await shoot(page, 'timeline', timeline);
});

test('with four guests running and their stack or charts open, the page stays smooth', async ({
  page,
}) => {
  test.skip(imagesMissing, IMAGES_SKIP);
  test.setTimeout(180_000);
  await openHypervisorLab(page, 'Inside', [
    { name: 'g1', kind: 'full' },
    { name: 'g2', kind: 'pv' },
    { name: 'g3', kind: 'full' },
    { name: 'g4', kind: 'pv' },
  ]);
  const panel = inside(page);
  await panel.scrollIntoViewIfNeeded();
  // Past the boots, whose console floods are the consoles' cost, not these views'.
  await page.waitForTimeout(15_000);
  for (const tab of ['Stack', 'Charts']) {
    await panel.getByRole('tab', { name: tab }).click();
    const measured = await page.evaluate(measureFiveSeconds);
    console.log(`inside: 4 guests, ${tab} tab, 5 s: ${JSON.stringify(measured)}`);
    // Four samples a second arrive; taking one in must cost well under a frame, and not a long
    // task; and the page keeps drawing (animating inside the diagram's SVG once fell to
    // 30 frames in these 5 s, where the composited dots draw about 250).
    expect(measured.samples).toBeGreaterThan(10);
    expect(measured.medianSampleMs).toBeLessThan(16);
    // One outlier is allowed: on a shared machine the system may preempt the page mid-sample.
    expect(measured.p90SampleMs).toBeLessThan(50);
    expect(measured.frames).toBeGreaterThan(100);
  }
});

/**
 * Runs in the page: what taking in a sample costs the inside views (their User Timing measure,
 * chart redraws and renders included), and for the record the page's long tasks and frame gaps,
 * which on a shared machine also count everyone else's work.
 */
async function measureFiveSeconds() {
  performance.clearMeasures('hyperlab:inside-sample');
  const long: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) long.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  const gaps: number[] = [];
  await new Promise<void>((done) => {
    let last = performance.now();
    const end = last + 5000;
    const frame = (now: number) => {
      gaps.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(frame);
      else done();
    };
    requestAnimationFrame(frame);
  });
  observer.disconnect();
  const samples = performance
    .getEntriesByName('hyperlab:inside-sample')
    .map((entry) => entry.duration)
    .sort((a, b) => a - b);
  gaps.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    samples: samples.length,
    medianSampleMs: round(samples[Math.floor(samples.length / 2)] ?? 0),
    p90SampleMs: round(samples[Math.floor(samples.length * 0.9)] ?? 0),
    longestSampleMs: round(Math.max(0, ...samples)),
    longTasks: long.length,
    longestTaskMs: round(Math.max(0, ...long)),
    frames: gaps.length,
    medianFrameMs: round(gaps[Math.floor(gaps.length / 2)]),
    p95FrameMs: round(gaps[Math.floor(gaps.length * 0.95)]),
  };
}

test('the lab OS on bare metal: its stack, with the timer and system calls climbing it', async ({
  page,
}) => {
  test.skip(!existsSync('public/images/bare-metal.elf'), IMAGES_SKIP);
  await page.goto('/');
  const panel = page.getByRole('region', { name: 'Inside server-1' });
  await panel.scrollIntoViewIfNeeded();
  const stack = panel.getByTestId('stack-diagram');
  await expect(stack).toHaveAttribute('data-kind', 'bare-metal');
  await expect(stack.getByRole('img')).toHaveAccessibleName(
    /Firmware \(SBI\) in M-mode; Lab OS kernel in S-mode; Applications in U-mode/,
  );
  await expect(stack.getByTestId('stack-events')).toContainText(/interrupt|system call|SBI/, {
    timeout: 20_000,
  });
  await shoot(page, 'stack-bare-metal', panel);
  // Large type for a lecture hall, and no travel for someone who asked for less motion.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveAttribute('data-presentation', '');
  await panel.scrollIntoViewIfNeeded();
  await shoot(page, 'stack-presentation', panel);
  await panel.getByRole('tab', { name: 'Charts' }).click();
  await expect(panel.locator('[data-family=exceptions] canvas')).toBeVisible();
  await page.waitForTimeout(1500);
  await shoot(page, 'charts-presentation', panel);
});

test("a host OS's guests: KVM in VS-mode, a ported UML kernel, a container on the shared kernel", async ({
  page,
}) => {
  test.skip(imagesMissing, IMAGES_SKIP);
  test.setTimeout(120_000);
  const result = validateLab({
    hyperlab: 1,
    name: 'Kinds',
    servers: [
      { name: 'host', harts: 2, memoryMiB: 256, hardwareVirtualization: true, platform: 'host-os' },
    ],
    guests: [
      { name: 'vm', server: 'host', kind: 'kvm', memoryMiB: 32 },
      { name: 'um', server: 'host', kind: 'uml', memoryMiB: 32 },
      { name: 'box', server: 'host', kind: 'container', memoryMiB: 16 },
    ],
  });
  if (!result.ok) throw new Error('the test lab is invalid');
  await page.goto(`/#lab=${await encodeLab(result.lab)}`);
  const panel = page.getByRole('region', { name: 'Inside host' });
  const stack = panel.getByTestId('stack-diagram');
  await expect(stack).toHaveAttribute('data-kind', 'kvm');
  await expect(stack.getByRole('img')).toHaveAccessibleName(/in VS-mode/);
  await panel.getByRole('button', { name: /um/ }).click();
  await expect(stack.getByRole('img')).toHaveAccessibleName(/UML kernel.*modified/);
  await panel.getByRole('button', { name: /box/ }).click();
  await expect(stack).toHaveAttribute('data-kind', 'container');
  await expect(stack.getByRole('img')).toHaveAccessibleName(
    /Host kernel \(lab OS\) in S-mode, shared kernel/,
  );
  // The host counts for all its processes, and says so.
  await expect(stack.getByTestId('stack-events')).toContainText(
    /system call into the shared kernel|timer interrupt/,
    {
      timeout: 60_000,
    },
  );
  await expect(stack).toContainText('do not say which guest');
  await shoot(page, 'stack-container', panel);
});

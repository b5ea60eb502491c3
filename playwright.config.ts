import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';

/**
 * Finds a Chromium the way a user's machine has one: HYPERLAB_CHROMIUM if set, else a browser
 * installed by `npx playwright install chromium` (undefined: Playwright finds its own), else the
 * system's. Throws with instructions when there is none at all.
 */
function findChromium(): string | undefined {
  const fromEnv = process.env.HYPERLAB_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`HYPERLAB_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (existsSync(playwrightChromium())) return undefined;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const path = onPath(name);
    if (path) return path;
  }
  throw new Error(
    'No Chromium found for the browser tests. Install one (Debian/Ubuntu: ' +
      '`sudo apt-get install chromium`; elsewhere: `npx playwright install chromium`), ' +
      'or point HYPERLAB_CHROMIUM at a Chromium or Chrome executable.',
  );
}

function playwrightChromium(): string {
  try {
    return chromium.executablePath();
  } catch {
    return '';
  }
}

function onPath(name: string): string | undefined {
  try {
    const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

// Not the preview's usual port, so a preview left running is never tested by mistake.
const PORT = 4317;
const executablePath = findChromium();
// As root (containers, CI) Chromium refuses to start with its sandbox; the other flags keep a
// machine without internet from waiting on update and sync services.
const runningAsRoot = process.getuid?.() === 0;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        ...(runningAsRoot ? ['--no-sandbox'] : []),
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // The tests run against the production build, served as plain static files.
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});

/**
 * The app in a real Firefox (issue #7: "Chromium and Firefox"). Playwright's own Firefox cannot
 * be installed everywhere and a distribution's Firefox does not speak Playwright's protocol, but
 * every Firefox speaks WebDriver BiDi, which puppeteer-core drives. The check builds and serves
 * the app, waits for the default server's shell, runs `uname -a` in it and fails on any error
 * the page logged.
 *
 * Firefox is HYPERLAB_FIREFOX if set, else `firefox-esr` or `firefox` on PATH. Without one the
 * check says how to get one and passes locally; with CI=true it fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import puppeteer, { type Page } from 'puppeteer-core';
import { serveApp } from '../../scripts/serve-app';

const CONSOLE_ROWS = '[data-testid="console"] .xterm-rows';
const BOOT_TIMEOUT_MS = 30_000;
const ANSWER_TIMEOUT_MS = 10_000;

function findFirefox(): string | undefined {
  const fromEnv = process.env.HYPERLAB_FIREFOX;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`HYPERLAB_FIREFOX=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const name of ['firefox-esr', 'firefox']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path && existsSync(path)) return path;
    } catch {
      // Not on PATH: try the next name.
    }
  }
  return undefined;
}

/**
 * Waits until the console shows `text` after the last `after` (from the start when empty): the
 * boot banner already says Hyperlab, so an answer is only an answer if it follows its command.
 */
async function waitForConsoleText(
  page: Page,
  text: string,
  after: string,
  timeout: number,
): Promise<void> {
  await page.waitForFunction(
    (selector: string, wanted: string, command: string) => {
      const rows = document.querySelector(selector)?.textContent ?? '';
      const from = command ? rows.lastIndexOf(command) : 0;
      return from >= 0 && rows.slice(from + command.length).includes(wanted);
    },
    { timeout, polling: 100 },
    CONSOLE_ROWS,
    text,
    after,
  );
}

async function check(firefox: string): Promise<string[]> {
  const started = performance.now();
  const step = (what: string) =>
    console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${what}`);
  const served = await serveApp('firefox-check', 4394);
  step(`built and served the app at ${served.url}`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefox,
    headless: true,
  });
  try {
    step(`started ${await browser.version()} over WebDriver BiDi`);
    const page = await browser.newPage();
    // Playwright's default size: in Puppeteer's smaller one the console starts below the fold,
    // and xterm does not draw a terminal that is out of sight.
    await page.setViewport({ width: 1280, height: 720 });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`page error: ${String(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
    });
    await page.goto(served.url);
    await waitForConsoleText(page, '$ ', '', BOOT_TIMEOUT_MS);
    step("the default server's console shows the `$ ` prompt");
    await page.click('[data-testid="console"]');
    await page.keyboard.type('uname -a\n');
    await waitForConsoleText(page, 'Hyperlab', 'uname -a', ANSWER_TIMEOUT_MS);
    step('`uname -a` answered with Hyperlab');
    return errors;
  } finally {
    await browser.close();
    await served.close();
  }
}

async function main(): Promise<number> {
  const firefox = findFirefox();
  if (!firefox) {
    console.log(
      'test:firefox: no Firefox found. Install one (Debian/Ubuntu: `sudo apt-get install firefox-esr`) ' +
        'or point HYPERLAB_FIREFOX at a Firefox executable.',
    );
    return process.env.CI === 'true' ? 1 : 0;
  }
  console.log(`test:firefox: ${firefox}`);
  const started = performance.now();
  const errors = await check(firefox);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (errors.length > 0) {
    console.error(`test:firefox: FAIL, the page logged ${errors.length} error(s):`);
    for (const error of errors) console.error(`  ${error}`);
    return 1;
  }
  console.log(`test:firefox: ok in ${seconds} s, no page errors`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:firefox: FAIL, ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

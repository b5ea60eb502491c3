/**
 * npm run -s lab -- FILE [--console NAME] [--input NAME=TEXT]… [--stats]
 *
 * Runs a whole lab headless: reads and validates FILE, builds every server, and runs them in
 * lock step in virtual time until every guest has powered off or the lab's timeLimitSeconds has
 * passed. See `--help` and docs/labs/README.md.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TIMEBASE_HZ } from '../engine/machine/memory-map';
import { SERVER_FACTORIES } from '../engine/lab/platforms';
import {
  buildServers,
  checkPlatforms,
  LabRun,
  LabStartError,
  type LabOutcome,
  type RunningServer,
} from '../engine/lab/run-lab';
import { parseLabText, type LabIssue } from '../engine/lab/validate-lab';
import { parseLabOptions, UsageError, type LabOptions } from './lab-options';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = resolve(REPO, 'public/images');

const EXIT_USAGE = 2;
const EXIT_IDLE = 3;
const EXIT_TIME_LIMIT = 124; // as timeout(1)

/** Wall time per burst of slices before yielding, so output flows and signals are seen. */
const BURST_MS = 20;

const USAGE = `usage: npm run -s lab -- FILE [--console NAME] [--input NAME=TEXT]... [--stats]

Runs the lab in FILE (a Hyperlab lab file, see docs/labs/) headless, in virtual time, until
every guest has powered off or the file's timeLimitSeconds has passed.

  --console NAME      show this console on stdout (default: the lab's first); a guest's console
                      is its name, a bare-metal or host-OS server's is the server's name
  --input NAME=TEXT   type TEXT into console NAME as the guest reads it (repeatable);
                      escapes: \\n \\r \\t \\\\ \\xHH
  --stats             print one JSON line of every server's statistics to stderr at exit

Exit status: 0 when every guest powered off, the first failing guest's code when one failed,
${EXIT_USAGE} for a bad option or lab file (nothing is started), ${EXIT_IDLE} when every guest still running
waits for input that will not come, ${EXIT_TIME_LIMIT} when timeLimitSeconds stops the lab.`;

function main(): void {
  let options: LabOptions | 'help';
  try {
    options = parseLabOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usageFailure(`lab: ${error.message}`);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const file = displayPath(options.file);
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
    return usageFailure(`lab: cannot read ${file}: ${why ?? String(error)}`);
  }
  const parsed = parseLabText(text);
  if (!parsed.ok) return usageFailure(issueLines(file, parsed.issues));
  const lab = parsed.lab;
  const unavailable = checkPlatforms(lab, SERVER_FACTORIES);
  if (unavailable.length > 0) return usageFailure(issueLines(file, unavailable));

  let servers: RunningServer[];
  try {
    servers = buildServers(lab, SERVER_FACTORIES, { loadImage });
  } catch (error) {
    if (!(error instanceof LabStartError || error instanceof UsageError)) throw error;
    const path = error instanceof LabStartError ? `${error.path}: ` : '';
    return usageFailure(`${file}: ${path}${error.message}`);
  }
  const consoles = servers.flatMap((server) => server.consoles);
  const names = consoles.map((c) => c.name);
  const known = `consoles: ${names.join(', ')}`;
  const shown = options.console ?? names[0];
  const display = consoles.find((c) => c.name === shown);
  if (!display) return usageFailure(`lab: --console ${shown}: no such console (${known})`);
  for (const input of options.inputs) {
    const target = consoles.find((c) => c.name === input.console);
    if (!target) return usageFailure(`lab: --input ${input.console}=…: no such console (${known})`);
    target.sendInput(input.bytes);
  }
  const limit = lab.timeLimitSeconds === undefined ? Infinity : lab.timeLimitSeconds * TIMEBASE_HZ;
  new Session(
    new LabRun(servers, limit),
    display.setOutput.bind(display),
    options,
    lab.timeLimitSeconds,
  ).start();
}

function loadImage(name: string): Uint8Array {
  const path = resolve(IMAGES, name);
  try {
    return readFileSync(path);
  } catch {
    throw new UsageError(
      `cannot read the image ${displayPath(path)} (build it: npm run build:guest)`,
    );
  }
}

function issueLines(file: string, issues: readonly LabIssue[]): string {
  return issues
    .map((i) => (i.path ? `${file}: ${i.path}: ${i.message}` : `${file}: ${i.message}`))
    .join('\n');
}

function usageFailure(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = EXIT_USAGE;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** One headless run of a lab, with one console on stdout. */
class Session {
  private output: number[] = [];
  private readonly startedAt = performance.now();

  constructor(
    private readonly run: LabRun,
    setOutput: (sink: (byte: number) => void) => void,
    private readonly options: LabOptions,
    private readonly limitSeconds: number | undefined,
  ) {
    setOutput((byte) => this.output.push(byte));
  }

  start(): void {
    process.stdout.on('error', () => this.exit(0)); // the reader went away (| head)
    setImmediate(() => this.burst());
  }

  /** Runs slices for about BURST_MS of wall time, then yields to the event loop. */
  private burst(): void {
    const until = performance.now() + BURST_MS;
    let outcome: LabOutcome | undefined;
    do outcome = this.run.step();
    while (!outcome && performance.now() < until);
    this.flush();
    if (outcome) this.finish(outcome);
    else setImmediate(() => this.burst());
  }

  private finish(outcome: LabOutcome): void {
    switch (outcome.kind) {
      case 'done':
        for (const failure of outcome.failures) process.stderr.write(`lab: ${failure}\n`);
        this.exit(outcome.code);
        return;
      case 'time-limit':
        process.stderr.write(
          `lab: time limit of ${this.limitSeconds} s of virtual time reached; still running: ${outcome.stillRunning.join(', ')}\n`,
        );
        this.exit(EXIT_TIME_LIMIT);
        return;
      case 'idle':
        process.stderr.write(
          `lab: idle waiting for input that will not come: ${outcome.waiting.join(', ')}\n`,
        );
        this.exit(EXIT_IDLE);
        return;
    }
  }

  private flush(): void {
    if (this.output.length === 0) return;
    process.stdout.write(Uint8Array.from(this.output));
    this.output = [];
  }

  private exit(code: number): void {
    if (this.options.stats) {
      const line = {
        virtualSeconds: this.run.now / TIMEBASE_HZ,
        wallMs: Math.round(performance.now() - this.startedAt),
        servers: this.run.servers.map((server) => server.stats()),
      };
      process.stderr.write(`${JSON.stringify(line)}\n`);
    }
    process.stdout.write('', () => process.exit(code));
  }
}

main();

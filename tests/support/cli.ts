import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tsx scripts/<script>.ts args` from the repository root, as `npm run <script> --` does,
 * with `stdin` piped in (closed at once when undefined). stdout is read as latin1, one char a
 * byte, since it carries the guest's console bytes as they came.
 */
export function runScript(script: string, args: string[], stdin?: string): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [join(REPO, `scripts/${script}.ts`), ...args], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('latin1')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** `npm run vm -- args`. */
export function vm(args: string[], stdin?: string): Promise<CliResult> {
  return runScript('vm', args, stdin);
}

/** `npm run lab -- args`. */
export function lab(args: string[]): Promise<CliResult> {
  return runScript('lab', args);
}

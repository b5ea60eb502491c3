/**
 * The engine as one bundled module, for suites and benchmarks that run billions of guest
 * instructions. Under vitest and tsx each module is transformed on its own, and every imported
 * binding (the opcode and CSR constants the hot loop switches on) becomes a getter call on a
 * module object: the engine runs several times slower than it does in the app, whose bundler
 * hoists every module into one scope and inlines the constants. esbuild does the same here. The
 * bundle is cached under node_modules/.cache by a hash of the engine's sources.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

type MachineModule = typeof import('../../engine/machine/machine');

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENGINE = join(REPO, 'engine');
const CACHE = join(REPO, 'node_modules/.cache/hyperlab-engine-bundle');

function engineSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return engineSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Bundles engine/machine/machine.ts (if its sources changed) and imports the bundle. */
export async function loadBundledEngine(): Promise<MachineModule> {
  return (await import(pathToFileURL(await bundleEngine()).href)) as MachineModule;
}

/** Bundles engine/machine/machine.ts if its sources changed; returns the bundle's path. */
export async function bundleEngine(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of engineSources(ENGINE).sort())
    hash.update(file.slice(REPO.length)).update(readFileSync(file));
  const out = join(CACHE, `machine-${hash.digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(out)) {
    mkdirSync(CACHE, { recursive: true });
    const result = await build({
      entryPoints: [join(ENGINE, 'machine/machine.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      minifySyntax: true, // inlines the hoisted constants, as the app's production build does
      write: false,
      logLevel: 'silent',
    });
    // Written aside and renamed, so parallel test workers never import half a file.
    const partial = `${out}.${process.pid}`;
    writeFileSync(partial, result.outputFiles[0].contents);
    renameSync(partial, out);
    // Bundles of older sources are of no further use once nobody can still be about to import
    // them (an hour is plenty; one already imported stays loaded).
    for (const name of readdirSync(CACHE)) {
      const path = join(CACHE, name);
      if (!name.endsWith('.mjs') || path === out) continue;
      if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
    }
  }
  return out;
}

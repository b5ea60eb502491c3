import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the app into a temporary folder and serves it with `vite preview`, as the browser tests
 * do, so a script measures or checks the production build and never a stale `dist/`.
 */
export async function serveApp(name: string, port: number): Promise<ServedApp> {
  const outDir = mkdtempSync(join(tmpdir(), `hyperlab-${name}-`));
  await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    logLevel: 'error',
    build: { outDir },
    preview: { port, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not say where it listens');
  return {
    url,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { webBuildDir } from '../../src/core/paths.js';

/**
 * `npm test` builds first; a bare `vitest run` on a clean clone builds here. Test files run in
 * parallel, so one builds under a directory lock while the others wait for index.html.
 */
export async function ensureWebBuild(app: 'dashboard' | 'panel'): Promise<void> {
  const root = webBuildDir(app);
  if (existsSync(join(root, 'index.html'))) return;
  const lock = `${root}.build-lock`;
  mkdirSync(join(root, '..'), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    for (let i = 0; i < 600 && !existsSync(join(root, 'index.html')); i++) await new Promise((r) => setTimeout(r, 100));
    return;
  }
  try {
    const { build } = await import('vite');
    await build({ configFile: join(root, '..', '..', '..', 'web', app, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

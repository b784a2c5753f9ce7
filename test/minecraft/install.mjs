// Installs the real Minecraft server and bot used by real-server.e2e.test.ts (~560 MB, kept out
// of the root package) when they are missing or older than their lock file; `npm test` runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const lock = fileURLToPath(new URL('package-lock.json', import.meta.url));
// npm ci writes this file last, so its age says when the tree was last installed completely.
const marker = fileURLToPath(new URL('node_modules/.package-lock.json', import.meta.url));

if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
  console.log('test/minecraft: flying-squid and mineflayer are installed');
} else {
  console.log('test/minecraft: installing flying-squid and mineflayer (npm ci --prefix test/minecraft)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startTestServer, type TestServer } from './server.js';

/** Debian's PostgreSQL binaries (installed by .ci/run), whichever major version is there. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((x, y) => Number(y) - Number(x)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (!found) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  return found;
}

/**
 * A throwaway PostgreSQL cluster on loopback. PostgreSQL refuses to run as root, so when the
 * tests run as root (CI) the cluster belongs to the `postgres` user the Debian package creates.
 */
export async function startPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'ic-pg-'));
  let user: { uid: number; gid: number } | Record<string, never> = {};
  if (process.getuid?.() === 0) {
    user = {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    };
    chownSync(dir, user.uid, user.gid);
  }
  const data = join(dir, 'data');
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], { stdio: 'ignore', cwd: dir, ...user });
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...user },
  );
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`postgres exited with ${code}: ${err}`)));
  });
  child.stderr!.resume();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}

/** The real service on a throwaway PostgreSQL cluster; closing it stops the cluster too. */
export async function startPostgresTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const pg = await startPostgres();
  try {
    const server = await startTestServer({ ...env, DATABASE_URL: pg.url });
    return { ...server, close: async () => { await server.close(); await pg.stop(); } };
  } catch (err) {
    await pg.stop();
    throw err;
  }
}

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

export interface TestPostgres {
  url: string;
  /** Stops it for good and deletes its data. */
  stop(): Promise<void>;
  /** Stops it (fast shutdown) but keeps its port and data for `up()`. */
  down(): Promise<void>;
  /** Starts it again on the same port with the data it had. */
  up(): Promise<void>;
  restart(): Promise<void>;
}

function launch(bin: string, data: string, dir: string, port: number, user: { uid: number; gid: number } | Record<string, never>): Promise<ChildProcess> {
  const child: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...user },
  );
  return new Promise<ChildProcess>((resolve, reject) => {
    let err = '';
    const onData = (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('ready to accept connections')) {
        child.stderr!.off('data', onData);
        child.off('exit', onExit);
        child.stderr!.resume();
        resolve(child);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`postgres exited with ${code}: ${err}`));
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

function terminate(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // Fast shutdown: open sessions are cut, committed data stays.
    child.kill('SIGINT');
  });
}

/**
 * A throwaway PostgreSQL cluster on loopback. PostgreSQL refuses to run as root, so when the
 * tests run as root (CI) the cluster belongs to the `postgres` user the Debian package creates.
 */
export async function startPostgres(): Promise<TestPostgres> {
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
  let child: ChildProcess | undefined = await launch(bin, data, dir, port, user);
  const pg: TestPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async down() {
      await terminate(child);
      child = undefined;
    },
    async up() {
      if (child) return;
      child = await launch(bin, data, dir, port, user);
    },
    async restart() {
      await pg.down();
      await pg.up();
    },
    async stop() {
      await pg.down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pg;
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

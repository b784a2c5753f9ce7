import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface TestRedis {
  url: string;
  /** Stops it for good and deletes its data. */
  stop(): Promise<void>;
  /** Stops it (SIGTERM) but keeps its port and data for `up()`. */
  down(): Promise<void>;
  /** Starts it again on the same port with the data it had. */
  up(): Promise<void>;
  restart(): Promise<void>;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  // Append-only with fsync on every write, so a restart keeps everything written before it.
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise<ChildProcess>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        child.stdout!.resume();
        resolve(child);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`redis-server exited with ${code}: ${out}`));
    child.stdout!.on('data', onData);
    child.once('error', reject);
    child.once('exit', onExit);
  });
}

function terminate(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A throwaway redis-server on loopback (Debian's redis-server, installed by .ci/run). */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ic-redis-'));
  let child: ChildProcess | undefined = await launch(port, dir);
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    async down() {
      await terminate(child);
      child = undefined;
    },
    async up() {
      if (child) return;
      child = await launch(port, dir);
    },
    async restart() {
      await redis.down();
      await redis.up();
    },
    async stop() {
      await redis.down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return redis;
}

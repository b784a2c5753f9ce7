import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist/src/cli/index.js');

export interface Child {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns a server process and waits for the line carrying its URL: servers run alone on a core. */
export function spawnServer(args: string[], env: Record<string, string>, urlPattern: RegExp): Promise<Child> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = urlPattern.exec(out);
      if (match) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({
          url: match[1]!,
          process: child,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** The service itself, from the build, on a fresh database (optionally prepared first). */
export async function spawnService(env: Record<string, string> = {}): Promise<Child & { dataDir: string }> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'ic-bench-'));
  const child = await spawnServer(
    [CLI, 'serve'],
    { SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dataDir, 'ic.db'), LOG_LEVEL: 'info', ...env },
    /"url":"(http:\/\/[^"]+)".*InterConnect listening/,
  );
  return { ...child, dataDir };
}

export interface LoadResult {
  requestsPerSec: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function load(
  url: string,
  options: { headers?: Record<string, string>; duration?: number; connections?: number; method?: 'GET' | 'POST'; body?: string } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 50,
    pipelining: 1,
    duration: options.duration ?? 8,
    headers: options.headers,
    method: options.method ?? 'GET',
    body: options.body,
  });
  return {
    requestsPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function report(title: string, rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${title}\n${'-'.repeat(title.length)}\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

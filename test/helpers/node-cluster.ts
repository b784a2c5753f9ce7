import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './cli.js';
import { freePort } from './ports.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startRedis, type TestRedis } from './redis.js';

/** One `interconnect serve` process of the cluster. Its port stays the same across restarts. */
export interface ClusterNode {
  readonly index: number;
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  /** Everything the process wrote to stdout and stderr, across every start. */
  logs(): string;
  /** The JSON log lines (LOG_FORMAT=json), parsed; lines that are not JSON are left out. */
  logLines(): Array<Record<string, unknown>>;
  /** True while the current process runs. */
  alive(): boolean;
  pid(): number | undefined;
}

export interface NodeCluster {
  nodes: ClusterNode[];
  adminKey: string;
  redis: TestRedis;
  postgres: TestPostgres;
  /** SIGKILL: no shutdown, no cleanup, like a crashed machine. */
  kill(i: number): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(i: number): Promise<void>;
  /** Starts node i again on its port and waits for `/health`. */
  start(i: number): Promise<void>;
  restartRedis(): Promise<void>;
  restartPostgres(): Promise<void>;
  close(): Promise<void>;
}

export interface NodeClusterOptions {
  /** Three unless told. */
  size?: number;
  adminKey?: string;
  /** Extra environment for every node (COMMAND_TIMEOUT_MS, WS_HEARTBEAT_MS, ...). */
  env?: Record<string, string>;
}

const READY_TIMEOUT_MS = 30_000;

async function waitForHealth(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`node at ${url} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logs()}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`node at ${url} did not answer /health within ${READY_TIMEOUT_MS} ms:\n${logs()}`);
}

class NodeProcess implements ClusterNode {
  readonly url: string;
  readonly wsUrl: string;
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    readonly index: number,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly cwd: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/ws`;
  }

  logs(): string {
    return this.output;
  }

  logLines(): Array<Record<string, unknown>> {
    const lines: Array<Record<string, unknown>> = [];
    for (const line of this.output.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A line cut by SIGKILL.
      }
    }
    return lines;
  }

  alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  pid(): number | undefined {
    return this.alive() ? this.child?.pid : undefined;
  }

  async start(): Promise<void> {
    if (this.alive()) return;
    const child = spawn(process.execPath, [CLI, 'serve'], {
      cwd: this.cwd,
      env: { PATH: process.env.PATH ?? '', ...this.env, SERVER_HOST: '127.0.0.1', SERVER_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await waitForHealth(this.url, child, () => this.output);
  }

  async signal(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.alive()) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

/**
 * A cluster of real `interconnect serve` processes (the built CLI, `npm run build`) on one
 * throwaway PostgreSQL and one throwaway Redis, all on loopback.
 */
export async function startNodeCluster(options: NodeClusterOptions = {}): Promise<NodeCluster> {
  const size = options.size ?? 3;
  const adminKey = options.adminKey ?? `mc_admin_${'C'.repeat(32)}`;
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const cwd = mkdtempSync(join(tmpdir(), 'ic-nodes-'));
  const env = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    INITIAL_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ...options.env,
  };
  const nodes: NodeProcess[] = [];
  for (let i = 0; i < size; i++) nodes.push(new NodeProcess(i, await freePort(), env, cwd));
  const close = async () => {
    await Promise.all(nodes.map((node) => node.signal('SIGKILL')));
    await redis.stop();
    await postgres.stop();
    rmSync(cwd, { recursive: true, force: true });
  };
  try {
    // The first one alone: it runs the migrations and installs the admin key.
    await nodes[0]!.start();
    await Promise.all(nodes.slice(1).map((node) => node.start()));
  } catch (err) {
    await close();
    throw err;
  }
  const at = (i: number): NodeProcess => {
    const node = nodes[i];
    if (!node) throw new Error(`no node ${i} in a cluster of ${size}`);
    return node;
  };
  return {
    nodes,
    adminKey,
    redis,
    postgres,
    kill: (i) => at(i).signal('SIGKILL'),
    stop: (i) => at(i).signal('SIGTERM'),
    start: (i) => at(i).start(),
    restartRedis: () => redis.restart(),
    restartPostgres: () => postgres.restart(),
    close,
  };
}

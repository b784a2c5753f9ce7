import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI } from '../helpers/cli.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSX = ['--import', 'tsx'];

/** The command line that runs a fake game server, as an operator would give it to `--exec`. */
export function fakeServerCommand(fake: 'java-server' | 'bedrock-server', args: string[] = []): string {
  return [process.execPath, ...TSX, `test/fakes/${fake}.ts`, ...args].map((word) => (/\s/.test(word) ? `'${word}'` : word)).join(' ');
}

/** A running process whose output the test can wait on. */
export class RunningProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (this.stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Resolves once the output matches, failing with what was printed if the process ends first. */
  async waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout', timeoutMs = 20_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this[stream]);
      if (match) return match;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no ${pattern} in ${stream}; stdout:\n${this.stdout.slice(-2000)}\nstderr:\n${this.stderr.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** `interconnect agent …` from the build, with the repository as its working folder. */
export function startAgent(args: string[], env: Record<string, string> = {}): RunningProcess {
  const child = spawn(process.execPath, [CLI, 'agent', '--log-level', 'debug', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new RunningProcess(child);
}

/** A fake game server run on its own, for attach mode. */
export function startFakeServer(fake: 'java-server' | 'bedrock-server', args: string[]): RunningProcess {
  const child = spawn(process.execPath, [...TSX, `test/fakes/${fake}.ts`, ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  return new RunningProcess(child);
}

/** Polls `read` until `ok` holds (a read that throws counts as not yet), failing with `what`. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, tries = 800): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read().then((v) => ({ v }), () => null);
    if (value !== null && ok(value.v)) return value.v;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

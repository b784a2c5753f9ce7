import type { AgentConfig } from './agent-config.js';
import type { AgentLog } from './agent-log.js';
import { ServerAgent } from './server-agent.js';

export interface RunningAgent {
  /** Resolves with the exit code once every server is stopped and reported. */
  readonly done: Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs every configured server with its own hub connection. SIGINT/SIGTERM stop wrapped servers
 * (`stop`, then a kill after the timeout) and report it; a revoked key stops the agent.
 */
export function runAgent(config: AgentConfig, log: AgentLog, options: { handleSignals?: boolean } = {}): RunningAgent {
  const single = config.servers.length === 1;
  const agents = config.servers.map((spec, index) => new ServerAgent(spec, {
    hub: config.hub,
    log: single ? log : log.child(spec.name ?? `server ${index + 1}`),
    // With one wrapped server the agent's stdout is that server's console, as if run by hand.
    ...(single && spec.mode === 'wrap' ? { echo: (chunk: Buffer) => void process.stdout.write(chunk) } : {}),
  }));

  let exitCode = 0;
  let stopping: Promise<void> | null = null;
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));

  const stop = () => {
    stopping ??= Promise.all(agents.map((agent) => agent.stop().catch((err: unknown) => {
      log.error(`stopping failed: ${(err as Error).message}`);
      exitCode ||= 1;
    }))).then(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      finish(exitCode);
    });
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    log.info(`${signal}: stopping`);
    void stop();
  };
  if (options.handleSignals !== false) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  for (const agent of agents) {
    agent.onFatal((err) => {
      log.error(err.message);
      exitCode = 2;
      void stop();
    });
    agent.start().catch((err: unknown) => {
      log.error(`could not start: ${(err as Error).message}`);
      exitCode = 1;
      void stop();
    });
  }
  return { done, stop };
}

/** The agent's own messages. They go to stderr as plain lines: stdout carries the game server's console. */
export interface AgentLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(name: string): AgentLog;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type AgentLogLevel = keyof typeof LEVELS;

export function isAgentLogLevel(value: string): value is AgentLogLevel {
  return Object.hasOwn(LEVELS, value);
}

export function createAgentLog(level: AgentLogLevel, write: (line: string) => void = (line) => process.stderr.write(line), name = 'agent'): AgentLog {
  const at = (lineLevel: Exclude<AgentLogLevel, 'silent'>) => (message: string) => {
    if (LEVELS[lineLevel] < LEVELS[level]) return;
    write(`${new Date().toISOString()} ${lineLevel.toUpperCase().padEnd(5)} [${name}] ${message}\n`);
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (child) => createAgentLog(level, write, child),
  };
}

export interface CommandOutcome {
  success: boolean;
  output: string;
}

export interface ConsoleCommandOptions {
  /** Output is complete once the console stays quiet this long (a console has no end-of-reply marker). */
  quietMs?: number;
  /** Never wait longer than this for a command's output: the hub gives up at its command timeout. */
  maxMs?: number;
}

/** Any flavour's log prefix: `[10:00:00] [Server thread/INFO]: `, `[10:00:00 INFO]: `, BDS `[2024-01-15 10:00:00:123 INFO] `. */
const LOG_PREFIX = /^(?:> ?)*(?:NO LOG FILE! - )?\[[^\]]{1,64}\](?: \[[^\]]{1,96}\])*:? /;
const UNKNOWN_COMMAND = /^(?:Unknown (?:or incomplete )?command|Unknown command\.|Syntax error)/i;

export function stripLogPrefix(line: string): string {
  return line.replace(LOG_PREFIX, '');
}

/**
 * Types commands into a game server's console one at a time (two commands typed together would
 * interleave their output) and returns the lines printed until the console goes quiet.
 */
export class ConsoleCommandRunner {
  private chain: Promise<unknown> = Promise.resolve();
  private current: { lines: string[]; touch(): void } | null = null;

  constructor(
    /** Writes one line to the console's stdin; false when the server is not running. */
    private readonly write: (line: string) => boolean,
    private readonly options: ConsoleCommandOptions = {},
  ) {}

  /** Every console line passes through here; while a command runs, its lines are its output. */
  observe(line: string): void {
    if (!this.current) return;
    this.current.lines.push(stripLogPrefix(line));
    this.current.touch();
  }

  run(command: string): Promise<CommandOutcome> {
    const next = this.chain.then(() => this.runNow(command));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private runNow(command: string): Promise<CommandOutcome> {
    const quietMs = this.options.quietMs ?? 250;
    const maxMs = this.options.maxMs ?? 9000;
    return new Promise((resolve) => {
      const lines: string[] = [];
      let quiet: NodeJS.Timeout | undefined;
      const finish = () => {
        clearTimeout(quiet);
        clearTimeout(cap);
        this.current = null;
        const output = lines.join('\n');
        resolve({ success: !UNKNOWN_COMMAND.test(lines[0] ?? ''), output });
      };
      const cap = setTimeout(finish, maxMs);
      this.current = {
        lines,
        touch: () => {
          clearTimeout(quiet);
          quiet = setTimeout(finish, quietMs);
        },
      };
      if (!this.write(command)) {
        clearTimeout(cap);
        this.current = null;
        resolve({ success: false, output: 'The server is not running' });
        return;
      }
      this.current.touch();
    });
  }
}

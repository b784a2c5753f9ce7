/**
 * What the fake game-server processes share: a console that reads commands from stdin line by
 * line and writes log lines to stdout in a chosen byte encoding (Windows servers print GBK), and
 * the parsing of test-control arguments, where a quoted argument may hold spaces (Bedrock
 * gamertags do).
 */
import iconv from 'iconv-lite';

export const ENCODINGS = ['utf8', 'gbk'] as const;
export type ConsoleEncoding = (typeof ENCODINGS)[number];

export function parseEncoding(value: string): ConsoleEncoding {
  const found = ENCODINGS.find((encoding) => encoding === value);
  if (!found) throw new Error(`--encoding must be one of ${ENCODINGS.join(', ')}, not ${value}`);
  return found;
}

export class Console {
  constructor(private readonly encoding: ConsoleEncoding) {}

  /** One line; stdout on a pipe or file is synchronous on Linux, so nothing is lost to an exit right after. */
  writeLine(line: string): void {
    process.stdout.write(iconv.encode(`${line}\n`, this.encoding));
  }

  /** For the fake's own complaints (a bad control command): never mixed into the server's output. */
  complain(message: string): void {
    process.stderr.write(`${message}\n`);
  }

  /** Calls `handler` with each stdin line, decoded, without its `\r\n` or `\n`. */
  onLine(handler: (line: string) => void): void {
    let pending = Buffer.alloc(0);
    // Splitting bytes before decoding is safe for GBK too: its trail bytes are never 0x0A.
    process.stdin.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let newline = pending.indexOf(0x0a);
      while (newline !== -1) {
        const line = iconv.decode(pending.subarray(0, newline), this.encoding).replace(/\r$/, '');
        pending = pending.subarray(newline + 1);
        handler(line);
        newline = pending.indexOf(0x0a);
      }
    });
    // A real server keeps running when its console closes; so does the fake.
    process.stdin.on('error', () => {});
  }
}

/** The first argument of `text`, bare or in double quotes (`\"` inside quotes is a quote), and what follows it. */
export function takeArgument(text: string): { value: string; rest: string } | null {
  const trimmed = text.trimStart();
  if (trimmed === '') return null;
  if (trimmed.startsWith('"')) {
    let value = '';
    for (let i = 1; i < trimmed.length; i++) {
      const char = trimmed[i];
      if (char === '\\' && trimmed[i + 1] === '"') {
        value += '"';
        i++;
      } else if (char === '"') {
        return { value, rest: trimmed.slice(i + 1).trimStart() };
      } else {
        value += char;
      }
    }
    return { value, rest: '' };
  }
  const space = trimmed.search(/\s/);
  if (space === -1) return { value: trimmed, rest: '' };
  return { value: trimmed.slice(0, space), rest: trimmed.slice(space).trimStart() };
}

/**
 * The target and message of `kick <target> [message]`. The fakes parse it themselves, not with the
 * agent's parser: a fake that shared the agent's mistakes could not catch them.
 */
export function parseKickArguments(rest: string): { player: string; message: string } | null {
  const target = takeArgument(rest);
  if (!target || target.value === '') return null;
  return { player: target.value, message: target.rest.trim() };
}

/** The command word and the rest of the line, as a console splits them. */
export function splitCommand(line: string): { name: string; rest: string } {
  const trimmed = line.trim().replace(/^\//, '');
  const space = trimmed.search(/\s/);
  if (space === -1) return { name: trimmed.toLowerCase(), rest: '' };
  return { name: trimmed.slice(0, space).toLowerCase(), rest: trimmed.slice(space).trim() };
}

export function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Keeps the process alive as a server's own threads do (a closed console does not end it) until
 * its parent is gone: a test that dies without stopping its fake would otherwise leave it holding
 * ports and a log file on a shared machine.
 */
export function stayAliveWhileParentLives(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 500);
}

/** Reads a non-negative integer option, naming it when it is not one. */
export function integerOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, not ${value}`);
  return parsed;
}

/** The RCON fake's surface (test/fakes/rcon-server.ts), as the servers use it. */
export interface RconServerModule {
  FakeRconServer: {
    start(options: { password: string; port?: number; host?: string; execute(command: string): string | Promise<string> }): Promise<RunningListener>;
  };
}

/** The ping fakes' surface (test/fakes/status-ping-server.ts), as the servers use it. */
export interface StatusPingModule {
  startSlpResponder(options: {
    port?: number;
    status(): { version: string; protocol: number; online: number; max: number; sample: Array<{ name: string; id: string }>; motd: string };
  }): Promise<RunningListener>;
  startRaknetPong(options: {
    port?: number;
    status(): { motd: string; protocol: number; version: string; online: number; max: number; level: string };
  }): Promise<RunningListener>;
}

export interface RunningListener {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Loads a sibling fake only when an option asks for it, so a server run without RCON or pings
 * does not depend on those files.
 */
export async function loadSibling<T>(file: 'rcon-server' | 'status-ping-server'): Promise<T> {
  const specifier: string = new URL(`./${file}.ts`, import.meta.url).href;
  return (await import(specifier)) as T;
}

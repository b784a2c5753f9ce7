// The fake Java and Bedrock server processes speak what the real servers print: the agent's
// end-to-end tests are only as true as these lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { RCON, status as javaStatus, statusBedrock as bedrockStatus } from 'minecraft-server-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VANILLA_PREFIX = /^\[\d\d:\d\d:\d\d\] \[[^\]/]+\/(?:INFO|WARN|ERROR)\]: /;
const PAPER_CONSOLE_PREFIX = /^\[\d\d:\d\d:\d\d (?:INFO|WARN|ERROR)\]: /;
const FORGE_PREFIX = /^\[\d\d:\d\d:\d\d\] \[[^\]/]+\/(?:INFO|WARN|ERROR)\] \[[^\]]+\]: /;
const BEDROCK_PREFIX = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} (?:INFO|WARN|ERROR)\] /;

/** A fake server process, its stdout as lines, and waits that end on output rather than on a clock. */
class FakeProcess {
  readonly lines: string[] = [];
  readonly stdout: Buffer[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private waiters: Array<() => void> = [];
  private pending = '';

  constructor(script: 'java-server' | 'bedrock-server', args: string[], readonly encoding = 'utf8') {
    this.child = spawn(process.execPath, ['--import', 'tsx', `test/fakes/${script}.ts`, '--startup-ms', '20', ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout.push(chunk);
      this.pending += iconv.decode(chunk, encoding);
      const parts = this.pending.split('\n');
      this.pending = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      for (const wake of this.waiters.splice(0)) wake();
    });
    running.push(this);
  }

  /** The index of the first line at or after `from` matching `pattern`, once it is printed. */
  async waitFor(pattern: RegExp, from = 0): Promise<number> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const index = this.lines.findIndex((line, i) => i >= from && pattern.test(line));
      if (index !== -1) return index;
      if (exited) throw new Error(`exited before printing ${pattern}; output:\n${this.lines.join('\n')}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Sends a command and returns the lines from the first one it printed up to and including the one matching `until`. */
  async run(command: string, until: RegExp): Promise<string[]> {
    const from = this.lines.length;
    this.send(command);
    const end = await this.waitFor(until, from);
    return this.lines.slice(from, end + 1);
  }

  send(command: string): void {
    this.child.stdin?.write(iconv.encode(`${command}\n`, this.encoding));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

const running: FakeProcess[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'fake-servers-'));
afterAll(() => {
  for (const fake of running) fake.kill();
  rmSync(scratch, { recursive: true, force: true });
});

const bodies = (lines: string[], prefix: RegExp): string[] => lines.map((line) => line.replace(prefix, ''));

describe('java-server (vanilla)', () => {
  const logDir = join(scratch, 'vanilla');
  const latest = join(logDir, 'logs', 'latest.log');
  let server: FakeProcess;
  beforeAll(() => {
    server = new FakeProcess('java-server', ['--log-dir', logDir, '--max-players', '7']);
  });

  it('starts as vanilla does, every line with the vanilla prefix', async () => {
    const done = await server.waitFor(/Done \([0-9.]+s\)! For help, type "help"$/);
    const start = server.lines.slice(0, done + 1);
    for (const line of start) expect(line).toMatch(VANILLA_PREFIX);
    const startBodies = bodies(start, VANILLA_PREFIX);
    expect(startBodies[0]).toBe('Starting minecraft server version 1.21.4');
    expect(startBodies).toContain('Preparing spawn area: 50%');
    expect(start[done]).toMatch(/^\[\d\d:\d\d:\d\d\] \[Server thread\/INFO\]: Done \(\d+\.\d{3}s\)! For help, type "help"$/);
  });

  it('joins, lists, chats and kicks with the real lines', async () => {
    const joined = await server.run('#join Steve', /Steve joined the game$/);
    expect(joined[0]).toMatch(/^\[\d\d:\d\d:\d\d\] \[User Authenticator #1\/INFO\]: UUID of player Steve is 5627dd98-e6be-3c21-b8a8-e92344183641$/);
    expect(bodies(joined, VANILLA_PREFIX).slice(1)).toEqual([
      'Steve[/127.0.0.1:54444] logged in with entity id 123 at (0.5, 64.0, 0.5)',
      'Steve joined the game',
    ]);
    await server.run('#join Alex 0b3e4a5c-1111-4222-8333-444455556666', /Alex joined the game$/);
    expect(bodies(await server.run('list', /players online/), VANILLA_PREFIX)).toEqual(['There are 2 of a max of 7 players online: Steve, Alex']);
    expect(bodies(await server.run('list uuids', /players online/), VANILLA_PREFIX)).toEqual([
      'There are 2 of a max of 7 players online: Steve (5627dd98-e6be-3c21-b8a8-e92344183641), Alex (0b3e4a5c-1111-4222-8333-444455556666)',
    ]);
    expect(bodies(await server.run('#chat Steve hello there', /<Steve>/), VANILLA_PREFIX)).toEqual(['<Steve> hello there']);
    expect(bodies(await server.run('kick steve Griefing is bad', /Steve left the game$/), VANILLA_PREFIX)).toEqual([
      'Kicked Steve: Griefing is bad',
      'Steve lost connection: Griefing is bad',
      'Steve left the game',
    ]);
    expect(bodies(await server.run('kick Steve', /No player was found$/), VANILLA_PREFIX)).toEqual(['No player was found']);
    expect(bodies(await server.run('minecraft:list', /players online/), VANILLA_PREFIX)).toEqual(['There are 1 of a max of 7 players online: Alex']);
    await server.run('#join Bob', /Bob joined the game$/);
    expect(bodies(await server.run('/kick Bob', /Bob left the game$/), VANILLA_PREFIX)).toEqual([
      'Kicked Bob: Kicked by an operator',
      'Bob lost connection: Kicked by an operator',
      'Bob left the game',
    ]);
  });

  it('prints deaths, advancements, say, unknown commands, raw text and noise', async () => {
    expect(bodies(await server.run('#death Alex was slain by Zombie', /slain/), VANILLA_PREFIX)).toEqual(['Alex was slain by Zombie']);
    expect(bodies(await server.run('#advancement Alex Stone Age', /advancement/), VANILLA_PREFIX)).toEqual(['Alex has made the advancement [Stone Age]']);
    expect(bodies(await server.run('say hello all', /hello all/), VANILLA_PREFIX)).toEqual(['[Server] hello all']);
    expect(bodies(await server.run('tps', /<--\[HERE\]$/), VANILLA_PREFIX)).toEqual(['Unknown or incomplete command, see below for error', 'tps<--[HERE]']);
    expect(await server.run('#print Alex joined the game', /^Alex joined/)).toEqual(['Alex joined the game']);
    const from = server.lines.length;
    server.send('#spam 7');
    server.send('#print end-of-spam');
    const end = await server.waitFor(/^end-of-spam$/, from);
    const spam = server.lines.slice(from, end);
    expect(spam).toHaveLength(7);
    for (const line of spam) expect(line).toMatch(VANILLA_PREFIX);
  });

  it('prints slow output in order, after the command that asked for it', async () => {
    const lines = await server.run('#slow-output', /Slow output line 3 of 3$/);
    expect(bodies(lines, VANILLA_PREFIX)).toEqual(['Slow output line 1 of 3', 'Slow output line 2 of 3', 'Slow output line 3 of 3']);
  });

  it('writes latest.log in vanilla style and rotates it by rename and by truncation', async () => {
    await server.run('#print marker-before-rotation', /marker-before-rotation/);
    const before = readFileSync(latest, 'utf8');
    expect(before.split('\n')[0]).toMatch(/^\[\d\d:\d\d:\d\d\] \[Server thread\/INFO\]: Starting minecraft server version 1\.21\.4$/);
    expect(before).toContain('Alex has made the advancement [Stone Age]\n');
    server.send('#rotate-rename');
    await server.run('#print marker-after-rename', /marker-after-rename/);
    const rotated = readdirSync(join(logDir, 'logs')).filter((name) => /^\d{4}-\d\d-\d\d-1\.log$/.test(name));
    expect(rotated).toHaveLength(1);
    expect(readFileSync(join(logDir, 'logs', rotated[0] ?? ''), 'utf8')).toBe(before);
    expect(readFileSync(latest, 'utf8')).toBe('marker-after-rename\n');
    server.send('#rotate-truncate');
    await server.run('#chat Alex after truncation', /after truncation/);
    expect(readFileSync(latest, 'utf8')).toMatch(/^\[\d\d:\d\d:\d\d\] \[Server thread\/INFO\]: <Alex> after truncation\n$/);
  });

  it('stops as vanilla does, disconnecting who is online, and exits 0', async () => {
    const lines = await server.run('stop', /All dimensions are saved$/);
    expect(bodies(lines, VANILLA_PREFIX)).toEqual([
      'Stopping the server',
      'Stopping server',
      'Saving players',
      'Alex lost connection: Server closed',
      'Alex left the game',
      'Saving worlds',
      "Saving chunks for level 'ServerLevel[world]'/minecraft:overworld",
      "Saving chunks for level 'ServerLevel[world]'/minecraft:the_end",
      "Saving chunks for level 'ServerLevel[world]'/minecraft:the_nether",
      'ThreadedAnvilChunkStorage (world): All chunks are saved',
      'ThreadedAnvilChunkStorage: All dimensions are saved',
    ]);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});

describe('java-server (paper, forge, crash, encoding)', () => {
  it('paper: console prefix without thread, latest.log in vanilla style with chat on its own thread, tps', async () => {
    const logDir = join(scratch, 'paper');
    const server = new FakeProcess('java-server', ['--flavor', 'paper', '--not-secure', '--tps', '19.5', '--log-dir', logDir]);
    const done = await server.waitFor(/Done \(/);
    for (const line of server.lines.slice(0, done + 1)) expect(line).toMatch(PAPER_CONSOLE_PREFIX);
    const joined = await server.run('#join Steve', /joined the game$/);
    expect(bodies(joined, PAPER_CONSOLE_PREFIX)[1]).toBe('Steve[/127.0.0.1:54444] logged in with entity id 123 at ([world]0.5, 64.0, 0.5)');
    expect(await server.run('#chat Steve hi there', /<Steve>/)).toEqual([expect.stringMatching(/^\[\d\d:\d\d:\d\d INFO\]: \[Not Secure\] <Steve> hi there$/)]);
    expect(bodies(await server.run('tps', /^.*TPS/), PAPER_CONSOLE_PREFIX)).toEqual(['TPS from last 1m, 5m, 15m: 19.5, 19.5, 19.5']);
    const file = readFileSync(join(logDir, 'logs', 'latest.log'), 'utf8');
    expect(file).toMatch(/^\[\d\d:\d\d:\d\d\] \[Async Chat Thread - #0\/INFO\]: \[Not Secure\] <Steve> hi there$/m);
    expect(file).toMatch(/^\[\d\d:\d\d:\d\d\] \[Server thread\/INFO\]: Done \(/m);
    server.send('stop');
    expect((await server.exited).code).toBe(0);
  });

  it('forge: a logger name after the thread; a crash prints a stack trace and exits with the crash code', async () => {
    const server = new FakeProcess('java-server', ['--flavor', 'forge', '--exit-code-on-crash', '3']);
    const done = await server.waitFor(/Done \(/);
    expect(server.lines[done]).toMatch(/^\[\d\d:\d\d:\d\d\] \[Server thread\/INFO\] \[minecraft\/DedicatedServer\]: Done \(\d+\.\d{3}s\)! For help, type "help"$/);
    for (const line of server.lines.slice(0, done + 1)) expect(line).toMatch(FORGE_PREFIX);
    const joined = await server.run('#join Steve', /joined the game$/);
    expect(joined[2]).toMatch(/^\[\d\d:\d\d:\d\d\] \[Server thread\/INFO\] \[minecraft\/MinecraftServer\]: Steve joined the game$/);
    server.send('#crash');
    expect(await server.exited).toEqual({ code: 3, signal: null });
    expect(server.lines).toContainEqual(expect.stringMatching(/^\tat net\.minecraft\.server\.MinecraftServer\./));
    expect(server.lines).not.toContainEqual(expect.stringMatching(/Stopping server/));
  });

  it('gbk: stdout bytes and stdin commands in GBK', async () => {
    const server = new FakeProcess('java-server', ['--encoding', 'gbk'], 'gbk');
    await server.waitFor(/Done \(/);
    await server.run('#join 史蒂夫', /史蒂夫 joined the game$/);
    expect(bodies(await server.run('#chat 史蒂夫 你好世界', /<史蒂夫>/), VANILLA_PREFIX)).toEqual(['<史蒂夫> 你好世界']);
    const bytes = Buffer.concat(server.stdout);
    expect(bytes.includes(iconv.encode('<史蒂夫> 你好世界', 'gbk'))).toBe(true);
    expect(bytes.includes(Buffer.from('你好世界', 'utf8'))).toBe(false);
    server.kill();
  });

  it('SIGTERM runs the shutdown as the JVM hook does', async () => {
    const server = new FakeProcess('java-server', []);
    await server.waitFor(/Done \(/);
    await server.run('#join Steve', /joined the game$/);
    process.kill(server.pid, 'SIGTERM');
    expect((await server.exited).code).toBe(143);
    expect(bodies(server.lines, VANILLA_PREFIX)).toContain('Steve lost connection: Server closed');
  });
});

describe('bedrock-server', () => {
  let server: FakeProcess;
  beforeAll(() => {
    server = new FakeProcess('bedrock-server', ['--max-players', '10', '--spawn-ms', '50']);
  });

  it('starts as BDS does', async () => {
    const started = await server.waitFor(/Server started\.$/);
    const start = server.lines.slice(0, started + 1);
    expect(start[0]).toBe('NO LOG FILE! - setting up server logging...');
    for (const line of start.slice(1)) expect(line).toMatch(BEDROCK_PREFIX);
    const startBodies = bodies(start, BEDROCK_PREFIX);
    expect(startBodies[1]).toBe('Starting Server');
    expect(startBodies[2]).toBe('Version: 1.21.44.01');
    expect(startBodies[3]).toMatch(/^Session ID: [0-9a-f-]{36}$/);
  });

  it('connects a gamertag with spaces, then spawns it', async () => {
    server.send('#join "Two Words" 2535424045177658 1234abcd');
    const connected = await server.waitFor(/Player connected/);
    const spawned = await server.waitFor(/Player Spawned/, connected);
    expect(bodies(server.lines.slice(connected, spawned + 1), BEDROCK_PREFIX)).toEqual([
      'Player connected: Two Words, xuid: 2535424045177658, pfid: 1234abcd',
      'Player Spawned: Two Words xuid: 2535424045177658, pfid: 1234abcd',
    ]);
  });

  it('lists over two lines, the names without a prefix', async () => {
    expect(await server.run('list', /^Two Words$/)).toEqual([expect.stringMatching(/INFO\] There are 1\/10 players online:$/), 'Two Words']);
  });

  it('a player kicked between connecting and spawning never spawns', async () => {
    const from = server.lines.length;
    server.send('#join Griefer 2535400000000001');
    server.send('kick Griefer You are banned');
    // Joined later, so spawned later: once Later is spawned, Griefer's spawn would have been printed.
    server.send('#join Later');
    await server.waitFor(/Player Spawned: Later xuid: , pfid: [0-9a-f]{16}$/, from);
    const lines = bodies(server.lines.slice(from), BEDROCK_PREFIX);
    expect(lines.slice(0, 3)).toEqual([
      'Player connected: Griefer, xuid: 2535400000000001, pfid: ' + lines[0]?.split('pfid: ')[1],
      "Kicked Griefer from the game: 'You are banned'",
      'Player disconnected: Griefer, xuid: 2535400000000001, pfid: ' + lines[0]?.split('pfid: ')[1],
    ]);
    expect(lines.filter((line) => line.startsWith('Player Spawned: Griefer'))).toEqual([]);
  });

  it('kicks a quoted gamertag, answers unknown targets and commands, leaves by control', async () => {
    expect(bodies(await server.run('kick "two words" bye', /Player disconnected/), BEDROCK_PREFIX)).toEqual([
      "Kicked Two Words from the game: 'bye'",
      'Player disconnected: Two Words, xuid: 2535424045177658, pfid: 1234abcd',
    ]);
    expect(bodies(await server.run('kick Nobody', /No targets/), BEDROCK_PREFIX)).toEqual(['No targets matched selector']);
    expect(await server.run('frobnicate', /Unknown command/)).toEqual([expect.stringMatching(/ERROR\] Unknown command: frobnicate\. Please check/)]);
    expect(bodies(await server.run('#leave Later', /Player disconnected/), BEDROCK_PREFIX)).toEqual([expect.stringMatching(/^Player disconnected: Later, xuid: , pfid: /)]);
    expect(await server.run('#print raw line', /^raw line$/)).toEqual(['raw line']);
  });

  it('stops with "Quit correctly" and exits 0', async () => {
    const lines = await server.run('stop', /^Quit correctly$/);
    expect(bodies(lines, BEDROCK_PREFIX)).toEqual(['Server stop requested.', 'Stopping server...', 'Quit correctly']);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('crashes with the crash code', async () => {
    const crashing = new FakeProcess('bedrock-server', ['--exit-code-on-crash', '139']);
    await crashing.waitFor(/Server started\.$/);
    crashing.send('#crash');
    expect((await crashing.exited).code).toBe(139);
  });
});


describe('attach mode: RCON, Server List Ping and RakNet ping', () => {
  it('java-server answers RCON with the output joined as vanilla does, and SLP with the live player list', async () => {
    const server = new FakeProcess('java-server', ['--rcon-port', '0', '--rcon-password', 'secret', '--slp-port', '0', '--max-players', '5']);
    const rconLine = server.lines[await server.waitFor(/RCON running on 0\.0\.0\.0:\d+$/)] ?? '';
    const slpLine = server.lines[await server.waitFor(/Starting Minecraft server on \*:\d+$/)] ?? '';
    const rconPort = Number(/:(\d+)$/.exec(rconLine)?.[1]);
    const slpPort = Number(/:(\d+)$/.exec(slpLine)?.[1]);

    const rcon = new RCON();
    await rcon.connect('127.0.0.1', rconPort);
    await rcon.login('secret');
    expect(await rcon.execute('#join Steve')).toBe('');
    await server.waitFor(/Steve joined the game$/);
    expect(await rcon.execute('list')).toBe('There are 1 of a max of 5 players online: Steve');
    expect(await rcon.execute('frobnicate')).toBe('Unknown or incomplete command, see below for errorfrobnicate<--[HERE]');

    const status = await javaStatus('127.0.0.1', slpPort, { timeout: 5000 });
    expect(status.version).toEqual({ name: '1.21.4', protocol: 769 });
    expect(status.players).toEqual({ online: 1, max: 5, sample: [{ name: 'Steve', id: '5627dd98-e6be-3c21-b8a8-e92344183641' }] });

    const from = server.lines.length;
    expect(await rcon.execute('kick Steve bye')).toBe('Kicked Steve: bye');
    await server.waitFor(/Steve left the game$/, from);
    expect(bodies(server.lines.slice(from), VANILLA_PREFIX)).toEqual(['[Rcon: Kicked Steve: bye]', 'Steve lost connection: bye', 'Steve left the game']);
    expect((await javaStatus('127.0.0.1', slpPort, { timeout: 5000 })).players.online).toBe(0);

    expect(await rcon.execute('stop')).toBe('Stopping the server');
    rcon.close();
    expect((await server.exited).code).toBe(0);
  });

  it('bedrock-server answers a RakNet unconnected ping with its status', async () => {
    const server = new FakeProcess('bedrock-server', ['--ping-port', '0', '--max-players', '8', '--spawn-ms', '0']);
    const portLine = server.lines[await server.waitFor(/IPv4 supported, port: \d+/)] ?? '';
    const port = Number(/port: (\d+)/.exec(portLine)?.[1]);
    await server.waitFor(/Server started\.$/);
    server.send('#join "Two Words" 2535424045177658');
    await server.waitFor(/Player Spawned: Two Words/);
    const status = await bedrockStatus('127.0.0.1', port, { timeout: 5000 });
    expect(status.players).toEqual({ online: 1, max: 8 });
    expect(status.version).toEqual({ name: '1.21.44.01', protocol: 748 });
    expect(status.motd.clean.split('\n')[0]).toBe('Dedicated Server');
    server.send('stop');
    expect((await server.exited).code).toBe(0);
  });
});

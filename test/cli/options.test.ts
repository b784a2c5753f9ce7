import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { runCli } from '../helpers/cli.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;

function walk(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return [{ path: here, command: sub }, ...walk(sub, here)];
  });
}

describe('interconnect options', () => {
  it('has no subcommand option that a global option would take', () => {
    const program = buildProgram();
    const global = new Set(program.options.flatMap((o) => [o.short, o.long]).filter((f): f is string => f !== undefined));
    expect([...global].sort()).toEqual(['--key', '--server', '--version', '-V', '-k', '-s'].sort());
    const clashes = walk(program).flatMap(({ path, command }) =>
      command.options.flatMap((o) => [o.short, o.long]).filter((f) => f !== undefined && global.has(f)).map((f) => `${path.join(' ')} ${f}`),
    );
    expect(clashes).toEqual([]);
    // The walk reaches the nested commands that used to clash.
    const names = walk(program).map(({ path }) => path.join(' '));
    expect(names).toEqual(expect.arrayContaining(['blacklist repo-create', 'blacklist repo-update', 'blacklist add', 'agent']));
  });

  it('never shows a key in help, whatever the environment holds', async () => {
    const key = `mc_admin_${'Q'.repeat(32)}`;
    const saved = process.env.ADMIN_KEY;
    process.env.ADMIN_KEY = key;
    try {
      const program = buildProgram();
      for (const command of [program, ...walk(program).map((w) => w.command)]) {
        expect(command.helpInformation()).not.toContain(key);
      }
    } finally {
      if (saved === undefined) delete process.env.ADMIN_KEY;
      else process.env.ADMIN_KEY = saved;
    }
    for (const args of [['--help'], ['help', 'list-keys'], ['blacklist', 'repo-create', '--help'], ['-k', key, 'agent', '--help']]) {
      const res = await runCli(args, { ADMIN_KEY: key });
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('Usage: interconnect');
      expect(res.stdout + res.stderr).not.toContain(key);
    }
    expect((await runCli(['--help'], { ADMIN_KEY: key })).stdout).toMatch(/-k, --key <key>\s+API key \(env: ADMIN_KEY\)/);
  });

  it('prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const res = await runCli([flag]);
      expect(res).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    }
  });

  it('runs as `npx interconnect` in the clone once built', async () => {
    const res = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npx', ['--no-install', '--offline', 'interconnect', '--version'], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(res).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });
});

describe('interconnect blacklist with the global options', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const cli = (...args: string[]) => runCli(['-s', server.url, '-k', server.adminKey, 'blacklist', ...args]);

  it('creates a repository with its game-server address, changes it and adds a piece with its server', async () => {
    const created = await cli('repo-create', 'Survival bans', '--type', '1', '--address', 'play.example.com:19132', '--server-type', 'Endstone');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const uuid = /\(([0-9a-f-]{36})\)/.exec(created.stdout)?.[1] ?? '';
    const stored = await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}`, { key: server.adminKey });
    expect(stored.body).toMatchObject({ name: 'Survival bans', server: 'play.example.com:19132', server_type: 'Endstone' });

    const updated = await cli('repo-update', uuid, '--address', 'mc.example.org:19133');
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(/ADDRESS/);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}`, { key: server.adminKey })).body.server).toBe('mc.example.org:19133');

    const added = await cli('add', uuid, 'Steve', '--server-name', 'CatServer', '--info', 'x-ray');
    expect(added.code).toBe(0);
    const pieces = await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}/pieces`, { key: server.adminKey });
    expect(pieces.body.pieces[0]).toMatchObject({ name: 'Steve', server: 'CatServer' });
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBlacklistCommands } from '../../src/cli/blacklist.js';
import { CliError } from '../../src/cli/client.js';
import { api, type TestServer } from '../helpers/server.js';
import { startWithOwner, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
let dir: string;

async function cli(key: string, ...args: string[]): Promise<string> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerBlacklistCommands(program, () => ({ server: server.url, key }), (text) => lines.push(text));
  await program.parseAsync(['node', 'interconnect', 'blacklist', ...args]);
  return lines.join('\n');
}

beforeAll(async () => {
  ({ server, owner } = await startWithOwner('cli'));
  dir = mkdtempSync(join(tmpdir(), 'blacklist-cli-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server.close();
});

describe('interconnect blacklist', () => {
  it('creates, lists, updates and deletes repositories', async () => {
    const created = await cli(owner.regularKey, 'repo-create', 'CLI bans', '--type', '1', '--address', 'cli.example', '--server-type', 'BDS');
    const uuid = /\(([0-9a-f-]{36})\)/.exec(created)?.[1] ?? '';
    expect(uuid).not.toBe('');
    expect(await cli(owner.regularKey, 'repo-list')).toMatch(new RegExp(`${uuid}\\s+CLI bans\\s+1\\s+0\\s+cli.example\\s+BDS`));
    expect(await cli(owner.regularKey, 'repo-update', uuid, '--name', 'Renamed')).toContain('Renamed');
    expect(await cli(owner.regularKey, 'repo-delete', uuid)).toBe(`Repository '${uuid}' deleted.`);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}`, { key: owner.regularKey })).status).toBe(404);
  });

  it('adds, checks, lists, exports, imports and removes pieces', async () => {
    const uuid = /\(([0-9a-f-]{36})\)/.exec(await cli(owner.regularKey, 'repo-create', 'Pieces'))?.[1] ?? '';
    const added = await cli(owner.regularKey, 'add', uuid, 'CliGriefer', '--level', '2', '--info', 'tnt', '--qq', '123456');
    const piece = /\(([0-9a-f-]{36})\)/.exec(added)?.[1] ?? '';
    expect(await cli(owner.regularKey, 'check', '--qq', '123456')).toMatch(/CliGriefer\s+-\s+2\s+123456/);
    expect(await cli(owner.regularKey, 'check', '--name', 'nobody')).toBe('Not on any list.');
    expect(await cli(owner.regularKey, 'pieces', uuid)).toContain('1 piece(s) in total');

    const file = join(dir, 'export.json');
    expect(await cli(owner.regularKey, 'export', uuid, file)).toBe(`Wrote 1 piece(s) to ${file}`);
    const document = JSON.parse(readFileSync(file, 'utf8'));
    expect(document.pieces[0]).toMatchObject({ name: 'CliGriefer', level: 2, qq: 123456 });

    const target = /\(([0-9a-f-]{36})\)/.exec(await cli(owner.regularKey, 'repo-create', 'Copy'))?.[1] ?? '';
    expect(await cli(owner.regularKey, 'import', target, file)).toBe('Import done: imported 1, skipped 0, replaced 0.');
    await expect(cli(owner.regularKey, 'import', target, file)).rejects.toThrow(/already in this repository/);
    expect(await cli(owner.regularKey, 'import', target, file, '--mode', 'skip')).toBe('Import done: imported 0, skipped 1, replaced 0.');
    expect(await cli(owner.regularKey, 'import', target, file, '--mode', 'replace')).toBe('Import done: imported 0, skipped 0, replaced 1.');
    await expect(cli(owner.regularKey, 'import', target, file, '--mode', 'merge')).rejects.toThrow(/--mode must be fail, skip or replace/);
    expect(await cli(owner.regularKey, 'import', target, file, '--replace')).toBe('Import done: imported 1, skipped 0, replaced 0, removed 1 first.');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"name": "A"},]');
    await expect(cli(owner.regularKey, 'import', target, broken)).rejects.toThrow(CliError);
    writeFileSync(broken, '[{"name": "A", "level": 9}]');
    await expect(cli(owner.regularKey, 'import', target, broken)).rejects.toThrow('400 pieces[0]: level must be 1, 2 or 3');

    expect(await cli(owner.regularKey, 'remove', piece)).toBe(`Piece '${piece}' removed.`);
  });

  it('shows and changes the enforcement settings', async () => {
    expect(await cli(owner.regularKey, 'settings')).toMatch(/enforce\s+true/);
    const changed = await cli(owner.regularKey, 'settings', '--enforce', 'off', '--min-level', '2', '--message', 'Bye {name}');
    expect(changed).toMatch(/enforce\s+false/);
    expect(changed).toMatch(/min_level\s+2/);
    expect(changed).toMatch(/message\s+Bye \{name\}/);
    await expect(cli(owner.regularKey, 'settings', '--enforce', 'maybe')).rejects.toThrow('--enforce must be on or off');
  });
});

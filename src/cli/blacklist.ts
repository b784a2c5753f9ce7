import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { BlacklistSettings, ImportResult, PiecePage, PieceSearch, PieceView, RepositoryView } from '../blacklist/wire.js';
import { CliError, request, type Connection } from './client.js';
import { table } from './table.js';

type Out = (text: string) => void;

const enc = encodeURIComponent;

function repositoryRows(repositories: RepositoryView[]) {
  return table(
    ['UUID', 'NAME', 'TYPE', 'PIECES', 'ADDRESS', 'SERVER TYPE', 'OWNER'],
    repositories.map((r) => [r.uuid, r.name, r.type, r.list_num, r.server, r.server_type, r.owner_key_id]),
  );
}

function pieceRows(pieces: PieceView[]) {
  return table(
    ['UUID', 'REPOSITORY', 'NAME', 'XUID', 'LEVEL', 'QQ', 'TIME', 'INFO'],
    pieces.map((p) => [p.uuid, p.black_id, p.name, p.xuid || null, p.level, p.qq || null, p.time, p.info || null]),
  );
}

function typeOption(value: string | undefined): 1 | 2 | undefined {
  if (value === undefined) return undefined;
  if (value !== '1' && value !== '2') throw new CliError('--type must be 1 (readable by UUID) or 2 (owner only)');
  return value === '1' ? 1 : 2;
}

/** `interconnect blacklist ...`: repositories, pieces, import/export, checks and enforcement settings. */
export function registerBlacklistCommands(program: Command, connection: () => Connection, out: Out): void {
  const blacklist = program.command('blacklist').description('cloud blacklist (BlackBE compatible): repositories, pieces, import/export, settings');

  blacklist
    .command('repo-list')
    .description('list the repositories of the key (admin: all)')
    .action(async () => {
      out(repositoryRows(await request<RepositoryView[]>(connection(), 'GET', '/manage/blacklist/repositories')));
    });

  blacklist
    .command('repo-create <name>')
    .description('create a repository')
    .option('-t, --type <type>', '1: readable by anyone with the UUID, 2: owner only', '2')
    .option('--address <host:port>', 'game-server address shown to clients, e.g. play.example.com:19132', '')
    .option('--server-type <type>', 'server software shown to clients', '')
    .action(async (name: string, opts: { type: string; address: string; serverType: string }) => {
      const created = await request<RepositoryView>(connection(), 'POST', '/manage/blacklist/repositories', {
        name, type: typeOption(opts.type), server: opts.address, server_type: opts.serverType,
      });
      out(`Created repository "${created.name}" (${created.uuid})`);
    });

  blacklist
    .command('repo-update <uuid>')
    .description('change a repository')
    .option('--name <name>', 'new name')
    .option('-t, --type <type>', '1 or 2')
    .option('--address <host:port>', 'game-server address')
    .option('--server-type <type>', 'server software')
    .action(async (uuid: string, opts: { name?: string; type?: string; address?: string; serverType?: string }) => {
      const body = { name: opts.name, type: typeOption(opts.type), server: opts.address, server_type: opts.serverType };
      if (Object.values(body).every((v) => v === undefined)) throw new CliError('nothing to change: give --name, --type, --address or --server-type');
      const updated = await request<RepositoryView>(connection(), 'PATCH', `/manage/blacklist/repositories/${enc(uuid)}`, body);
      out(repositoryRows([updated]));
    });

  blacklist
    .command('repo-delete <uuid>')
    .description('delete a repository and all its pieces')
    .action(async (uuid: string) => {
      await request(connection(), 'DELETE', `/manage/blacklist/repositories/${enc(uuid)}`);
      out(`Repository '${uuid}' deleted.`);
    });

  blacklist
    .command('pieces <uuid>')
    .description('list the pieces of a repository ("1" is the public list)')
    .option('--page <n>', 'page', '1')
    .option('--page-size <n>', 'pieces per page (max 500)', '50')
    .option('-q, --query <prefix>', 'only names starting with this')
    .action(async (uuid: string, opts: { page: string; pageSize: string; query?: string }) => {
      const params = new URLSearchParams({ page: opts.page, page_size: opts.pageSize });
      if (opts.query !== undefined) params.set('q', opts.query);
      const page = await request<PiecePage>(connection(), 'GET', `/manage/blacklist/repositories/${enc(uuid)}/pieces?${params}`);
      out(pieceRows(page.pieces));
      out(`${page.total} piece(s) in total`);
    });

  blacklist
    .command('add <uuid> <player>')
    .description('add a player to a repository')
    .option('-l, --level <n>', '1, 2 or 3', '1')
    .option('--info <text>', 'reason', '')
    .option('--xuid <xuid>', 'XUID')
    .option('--qq <number>', 'QQ number')
    .option('--server-name <name>', 'the game server where it happened')
    .option('--time <date>', 'date, YYYY-MM-DD (default today)')
    .action(async (uuid: string, player: string, opts: { level: string; info: string; xuid?: string; qq?: string; serverName?: string; time?: string }) => {
      const piece = await request<PieceView>(connection(), 'POST', `/manage/blacklist/repositories/${enc(uuid)}/pieces`, {
        name: player, level: opts.level, info: opts.info, xuid: opts.xuid, qq: opts.qq, server: opts.serverName, time: opts.time,
      });
      out(`Added ${piece.name} (${piece.uuid})`);
    });

  blacklist
    .command('remove <piece-uuid>')
    .description('remove a piece')
    .action(async (pieceUuid: string) => {
      await request(connection(), 'DELETE', `/manage/blacklist/pieces/${enc(pieceUuid)}`);
      out(`Piece '${pieceUuid}' removed.`);
    });

  blacklist
    .command('check')
    .description('find a player in the lists the key can read')
    .option('--name <name>', 'player name (case-insensitive)')
    .option('--qq <number>', 'QQ number')
    .option('--xuid <xuid>', 'XUID')
    .action(async (opts: { name?: string; qq?: string; xuid?: string }) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(opts)) if (typeof v === 'string') params.set(k, v);
      if ([...params.keys()].length === 0) throw new CliError('give --name, --qq or --xuid');
      const result = await request<PieceSearch>(connection(), 'GET', `/manage/blacklist/pieces/search?${params}`);
      out(result.exist ? pieceRows(result.pieces) : 'Not on any list.');
    });

  blacklist
    .command('export <uuid> [file]')
    .description('write a repository as JSON (default blacklist-<uuid>.json)')
    .action(async (uuid: string, file: string | undefined) => {
      const document = await request<{ pieces: unknown[] }>(connection(), 'GET', `/manage/blacklist/repositories/${enc(uuid)}/export`);
      const path = file ?? `blacklist-${uuid}.json`;
      writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
      out(`Wrote ${document.pieces.length} piece(s) to ${path}`);
    });

  blacklist
    .command('import <uuid> <file>')
    .description('import an export file (or a JSON array of pieces) in one transaction')
    .option('--replace', 'replace the repository content instead of adding to it')
    .option('--mode <mode>', 'a player already in the repository: fail (refuse the file), skip (keep it) or replace (overwrite it)', 'fail')
    .action(async (uuid: string, file: string, opts: { replace?: boolean; mode: string }) => {
      if (!['fail', 'skip', 'replace'].includes(opts.mode)) throw new CliError(`--mode must be fail, skip or replace, got "${opts.mode}"`);
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
      }
      const query = new URLSearchParams({ mode: opts.mode });
      if (opts.replace) query.set('replace', 'true');
      const result = await request<ImportResult>(connection(), 'POST', `/manage/blacklist/repositories/${enc(uuid)}/import?${query}`, document);
      const parts = [`imported ${result.imported}`, `skipped ${result.skipped}`, `replaced ${result.replaced}`];
      if (opts.replace) parts.push(`removed ${result.removed} first`);
      out(`Import done: ${parts.join(', ')}.`);
    });

  blacklist
    .command('settings')
    .description('show or change join enforcement for the key (admin: --key-id for another key)')
    .option('--enforce <on|off>', 'kick listed players on join')
    .option('--min-level <n>', 'lowest level that is kicked (1-3)')
    .option('--message <template>', 'kick message; {name} {reason} {level} {uuid} are replaced')
    .option('--key-id <id>', 'the regular key to manage (admin keys only)')
    .action(async (opts: { enforce?: string; minLevel?: string; message?: string; keyId?: string }) => {
      const query = opts.keyId === undefined ? '' : `?key_id=${enc(opts.keyId)}`;
      const body: Record<string, unknown> = {};
      if (opts.enforce !== undefined) {
        if (opts.enforce !== 'on' && opts.enforce !== 'off') throw new CliError('--enforce must be on or off');
        body.enforce = opts.enforce === 'on';
      }
      if (opts.minLevel !== undefined) body.min_level = Number(opts.minLevel);
      if (opts.message !== undefined) body.message = opts.message;
      const settings = Object.keys(body).length === 0
        ? await request<BlacklistSettings>(connection(), 'GET', `/manage/blacklist/settings${query}`)
        : await request<BlacklistSettings>(connection(), 'PUT', `/manage/blacklist/settings${query}`, body);
      out(table(['FIELD', 'VALUE'], Object.entries(settings).map(([f, v]) => [f, String(v)])));
    });
}

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ApiKey, CreatedKey, CreatedPair } from '../hub/wire.js';
import { CliError, request, type Connection } from './client.js';
import { table } from './table.js';

type Out = (text: string) => void;

function keyRows(keys: ApiKey[]) {
  return table(
    ['ID', 'NAME', 'TYPE', 'SERVER', 'ACTIVE', 'CREATED', 'LAST USED'],
    keys.map((k) => [k.id, k.name, k.keyType, k.serverId, k.isActive ? 'yes' : 'no', k.createdAt, k.lastUsed]),
  );
}

function showCreated(out: Out, created: CreatedKey) {
  out(`${created.keyType} key "${created.name}" (${created.id})`);
  out(`  key: ${created.key}`);
}

/** The plugin config layout the Fabric/Spigot InterConnect mods read (`atc-interconnect.json`). */
export function pluginConfig(server: string, key: string, name: string) {
  const httpUrl = server.replace(/\/+$/, '');
  return {
    server: { api_key: key, name, description: `${name} on InterConnect` },
    api: { server_url: httpUrl, timeout: 10 },
    websocket: {
      server_url: httpUrl.replace(/^http(s?):\/\//, (_m, s: string) => `ws${s}://`),
      endpoint: '/ws',
      reconnect_interval: 5,
      ping_interval: 30,
    },
    events: {
      player_join: true,
      player_quit: true,
      player_chat: true,
      player_death: true,
      server_start: true,
      server_stop: true,
    },
  };
}

export function registerHubCommands(program: Command, connection: () => Connection, out: Out): void {
  program
    .command('create-key <name>')
    .description('create an admin key, or a regular key with its linked server key, or an extra server key')
    .option('-d, --description <text>', 'description', '')
    .option('-t, --type <type>', 'admin | regular | server', 'regular')
    .option('--server-id <id>', 'game server id')
    .option('--regular-key-id <id>', 'owner regular key (for --type server)')
    .option('--expires-at <iso>', 'expiry time (ISO 8601)')
    .action(async (name: string, opts: { description: string; type: string; serverId?: string; regularKeyId?: string; expiresAt?: string }) => {
      const common = { name, description: opts.description, server_id: opts.serverId, expires_at: opts.expiresAt };
      if (opts.type === 'server') {
        if (!opts.regularKeyId) throw new CliError('--regular-key-id is required for --type server');
        showCreated(out, await request<CreatedKey>(connection(), 'POST', '/manage/keys/server-keys', { ...common, regular_key_id: opts.regularKeyId }));
        return;
      }
      const created = await request<CreatedKey | CreatedPair>(
        connection(), 'POST', '/manage/keys', { ...common, key_type: opts.type },
      );
      if ('regularKey' in created) {
        showCreated(out, created.regularKey);
        showCreated(out, created.serverKey);
      } else showCreated(out, created);
      out('Store these keys now: they are not shown again.');
    });

  program
    .command('list-keys')
    .description('list keys (admin: all keys; regular: its server keys)')
    .option('--server-keys', 'list server keys only')
    .action(async (opts: { serverKeys?: boolean }) => {
      const path = opts.serverKeys ? '/manage/keys/server-keys' : '/manage/keys';
      out(keyRows(await request<ApiKey[]>(connection(), 'GET', path)));
    });

  program
    .command('get-key <id>')
    .description('show one key')
    .action(async (id: string) => {
      const k = await request<ApiKey>(connection(), 'GET', `/manage/keys/${encodeURIComponent(id)}`);
      out(table(['FIELD', 'VALUE'], Object.entries(k).map(([f, v]) => [f, v === null ? null : String(v)])));
    });

  for (const action of ['activate', 'deactivate'] as const) {
    program
      .command(`${action}-key <id>`)
      .description(`${action} a key`)
      .action(async (id: string) => {
        const r = await request<{ message: string }>(connection(), 'PATCH', `/manage/keys/${encodeURIComponent(id)}/${action}`);
        out(r.message);
      });
  }

  program
    .command('delete-key <id>')
    .description('delete a key (a regular key takes its server keys with it)')
    .action(async (id: string) => {
      await request(connection(), 'DELETE', `/manage/keys/${encodeURIComponent(id)}`);
      out(`Key '${id}' deleted.`);
    });

  program
    .command('health')
    .description('show service health')
    .action(async () => {
      const h = await request<Record<string, unknown>>(connection(), 'GET', '/health');
      out(table(['FIELD', 'VALUE'], Object.entries(h).map(([f, v]) => [f, String(v)])));
    });

  program
    .command('generate-config [filename]')
    .description('write a game-server plugin config (atc-interconnect.json layout)')
    .option('--api-key <key>', 'the server key the plugin uses (default: -k)')
    .option('--name <name>', 'server name the plugin reports', 'server-1')
    .action((filename: string | undefined, opts: { apiKey?: string; name: string }) => {
      const conn = connection();
      const key = opts.apiKey ?? conn.key;
      if (!key) throw new CliError('a key is needed: --api-key, -k or ADMIN_KEY');
      const file = filename ?? 'atc-interconnect.json';
      writeFileSync(file, `${JSON.stringify(pluginConfig(conn.server, key, opts.name), null, 4)}\n`);
      out(`Wrote ${file}`);
    });
}

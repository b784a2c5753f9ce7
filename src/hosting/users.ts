import type { Selectable } from 'kysely';
import { AUDIT_MODULE, type HostingDeps } from './deps.js';
import { panelFailure, unknownUser } from './errors.js';
import { pythonRepr, type PyValue } from './flask-json.js';
import { formInt } from './form.js';
import type { PteroServer } from './pterodactyl/client.js';
import type { HostingUserTable } from './tables.js';
import { type Resource, type ServerView, type UserForm, type UserOverview, type UserUpdate } from './wire.js';

export type HostingUser = Selectable<HostingUserTable>;

export async function findUser(deps: HostingDeps, discordId: string): Promise<HostingUser | null> {
  const row = await deps.db.selectFrom('hosting_users').selectAll().where('discord_id', '=', discordId).executeTakeFirst();
  return row ?? null;
}

export async function requireUser(deps: HostingDeps, discordId: string): Promise<HostingUser> {
  const user = await findUser(deps, discordId);
  if (!user) throw unknownUser();
  return user;
}

/** Stored extras plus the configured defaults (BoardMate adds defaults at read time; swap/io are not quotas). */
export function totalResource(deps: HostingDeps, user: HostingUser): Resource {
  const d = deps.settings?.defaults ?? { cpu: 0, disk: 0, memory: 0, servers: 0 };
  return {
    cpu: user.cpu + d.cpu,
    disk: user.disk + d.disk,
    memory: user.memory + d.memory,
    servers: user.servers + d.servers,
  };
}

export function usedResource(servers: readonly PteroServer[]): Resource {
  const used = { cpu: 0, disk: 0, memory: 0, servers: servers.length };
  for (const s of servers) {
    used.cpu += s.limits.cpu;
    used.disk += s.limits.disk;
    used.memory += s.limits.memory;
  }
  return used;
}

/** The user's Pterodactyl servers, live; empty when the module has no panel or the user has no account yet. */
export async function userServers(deps: HostingDeps, user: HostingUser): Promise<PteroServer[]> {
  if (!deps.ptero || user.ptero_user_id === null) return [];
  return deps.ptero.getUserServers(user.ptero_user_id).catch((err: unknown) => panelFailure(err, '翼龍面板連線失敗 (Pterodactyl panel error)'));
}

export function serverView(deps: HostingDeps, s: PteroServer): ServerView {
  return {
    cpu: s.limits.cpu,
    description: s.description ?? '',
    disk: s.limits.disk,
    id: s.identifier,
    io: s.limits.io,
    memory: s.limits.memory,
    name: s.name,
    oom_disabled: s.limits.oom_disabled ?? false,
    swap: s.limits.swap,
    threads: s.limits.threads,
    url: `${deps.settings?.pterodactyl.url ?? ''}server/${s.identifier}`,
  };
}

export async function overview(deps: HostingDeps, user: HostingUser): Promise<UserOverview> {
  const servers = await userServers(deps, user);
  const server: Record<string, ServerView> = {};
  for (const s of servers) server[s.identifier] = serverView(deps, s);
  return { money: user.money, now: usedResource(servers), resource: totalResource(deps, user), server };
}

const FIELDS = ['money', 'memory', 'disk', 'cpu', 'servers'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Admin overwrite (`POST /api/user`): the given fields replace the stored money and extras. The API
 * log line, BoardMate's Python dict of the request (given fields as the raw form strings, others as
 * stored), commits with the change.
 */
export async function updateUserFromForm(deps: HostingDeps, actorKeyId: string | null, discordId: string, form: UserForm): Promise<UserUpdate> {
  const fields: Partial<Record<Field, number>> = {};
  for (const name of FIELDS) {
    const raw = form[name];
    if (raw !== undefined) fields[name] = formInt(raw, 0);
  }
  const user = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('hosting_users')
      .set({ ...fields, updated_at: deps.clock.now().toISOString() })
      .where('discord_id', '=', discordId)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw unknownUser();
    const given = (name: Field): PyValue => form[name] ?? updated[name];
    const logged: PyValue = {
      resource: { memory: given('memory'), disk: given('disk'), cpu: given('cpu'), servers: given('servers') },
      money: given('money'),
    };
    await deps.audit.record(
      { module: AUDIT_MODULE, actorKeyId, action: 'api.user.update', target: discordId, message: `編輯用戶 ${discordId} : ${pythonRepr(logged)}`, result: 'ok' },
      trx,
    );
    return updated;
  });
  return { money: user.money, resource: { cpu: user.cpu, disk: user.disk, memory: user.memory, servers: user.servers } };
}

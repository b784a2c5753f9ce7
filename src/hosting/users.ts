import type { Selectable } from 'kysely';
import type { HostingDeps } from './deps.js';
import { HostingError } from './errors.js';
import type { PteroServer } from './pterodactyl/client.js';
import type { HostingUserTable } from './tables.js';

export type HostingUser = Selectable<HostingUserTable>;

export interface Resource {
  cpu: number;
  disk: number;
  memory: number;
  servers: number;
}

/** One server as `GET /api/user` lists it: the Pterodactyl limits plus id/name/description/url. */
export interface ServerView {
  cpu: number;
  description: string;
  disk: number;
  id: string;
  io: number;
  memory: number;
  name: string;
  oom_disabled: boolean;
  swap: number;
  threads: string | null;
  url: string;
}

export interface UserOverview {
  money: number;
  now: Resource;
  resource: Resource;
  server: Record<string, ServerView>;
}

export async function findUser(deps: HostingDeps, discordId: string): Promise<HostingUser | null> {
  const row = await deps.db.selectFrom('hosting_users').selectAll().where('discord_id', '=', discordId).executeTakeFirst();
  return row ?? null;
}

export async function requireUser(deps: HostingDeps, discordId: string): Promise<HostingUser> {
  const user = await findUser(deps, discordId);
  if (!user) throw new HostingError(404, '未找到此用戶', 'unknown_user');
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
  return deps.ptero.getUserServers(user.ptero_user_id);
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

export interface UserFields {
  money?: number;
  memory?: number;
  disk?: number;
  cpu?: number;
  servers?: number;
}

/** Admin overwrite (`POST /api/user`): the given fields replace the stored money and extras. */
export async function setUserFields(deps: HostingDeps, discordId: string, fields: UserFields): Promise<HostingUser> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now().toISOString();
    const updated = await trx
      .updateTable('hosting_users')
      .set({ ...fields, updated_at: now })
      .where('discord_id', '=', discordId)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new HostingError(404, '未找到此用戶', 'unknown_user');
    return updated;
  });
}

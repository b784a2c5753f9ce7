import type { Transaction } from 'kysely';
import type { AuditInput } from '../core/audit.js';
import { AppError } from '../core/errors.js';
import { AUDIT_MODULE, type HostingDb, type HostingDeps } from './deps.js';
import { noPanelAccount, notConfigured, panelFailure } from './errors.js';
import type { PteroServer, PterodactylClient } from './pterodactyl/client.js';
import type { HostingSettings } from './settings.js';
import { requireUser, totalResource, usedResource, type HostingUser } from './users.js';
import type { CreateServerBody, Resource, ServerSize } from './wire.js';

/**
 * How long a server change may hold the user's lease before another request may take it over: longer
 * than the Pterodactyl client's worst case (timeouts and 429 retries) for the few calls made under it.
 */
const LEASE_MS = 120_000;

/** What a server change hands back: its result, and the audit row that records it. */
interface Recorded<T> {
  value: T;
  audit: AuditInput;
  /** Undoes the Pterodactyl change when its audit row cannot be written; absent when it cannot be undone. */
  undo?: () => Promise<unknown>;
}

/*
 * Why a lease and not a quota reservation: the quota in use is the sum of the user's servers as
 * Pterodactyl reports them, so it cannot be held in one database transaction together with the
 * panel call. Instead every server change of one user runs under a short lease taken with a
 * conditional UPDATE on the user's row (atomic on SQLite and PostgreSQL, shared by every node of a
 * cluster). Under the lease the live server list is read, the quota is checked and the panel is
 * called; nothing in the database changes, so a failed panel call leaves money and quota as they
 * were. A change the panel made is recorded by an audit row committed in one transaction with the
 * lease's release; when that fails, the change is undone where Pterodactyl allows (a creation, a
 * resize) and logged where it cannot be (a deletion). A concurrent change by the same user is
 * refused with "try again" (as BoardMate's 10-second guard does) rather than queued.
 */
async function withLease<T>(deps: HostingDeps, discordId: string, work: (user: HostingUser) => Promise<Recorded<T>>): Promise<T> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const taken = await deps.db
    .updateTable('hosting_users')
    .set({ lock_until: until })
    .where('discord_id', '=', discordId)
    .where((eb) => eb.or([eb('lock_until', 'is', null), eb('lock_until', '<', now.toISOString())]))
    .returningAll()
    .executeTakeFirst();
  if (!taken) {
    await requireUser(deps, discordId);
    throw new AppError('rate_limited', '你按的有點快，等一下再試試吧 (another server change is still running)', 'busy');
  }
  // Only our own lease: if it expired and another request took it over, that one keeps it.
  const release = (db: Transaction<HostingDb> | HostingDeps['db']) =>
    db.updateTable('hosting_users').set({ lock_until: null }).where('discord_id', '=', discordId).where('lock_until', '=', until).execute();
  let done: Recorded<T>;
  try {
    done = await work(taken);
  } catch (err) {
    await release(deps.db);
    throw err;
  }
  try {
    // The change's database side: its audit row commits together with the end of the lease.
    await deps.db.transaction().execute(async (trx) => {
      await deps.audit.record(done.audit, trx);
      await release(trx);
    });
  } catch (err) {
    if (done.undo) {
      await done.undo().catch((undoErr: unknown) => deps.log.error({ err: undoErr, audit: done.audit }, 'hosting: could not undo a server change whose audit row failed'));
    } else {
      deps.log.error({ err, audit: done.audit }, 'hosting: a server change that cannot be undone has no audit row');
    }
    await release(deps.db).catch(() => undefined);
    throw err;
  }
  return done.value;
}

const serverAudit = (discordId: string, action: string, identifier: string, message: string, detail: Record<string, unknown>): AuditInput => ({
  module: AUDIT_MODULE,
  actorKeyId: null,
  action,
  target: discordId,
  message,
  detail: { server: identifier, ...detail },
  result: 'ok',
});

function panel(deps: HostingDeps): { settings: HostingSettings; ptero: PterodactylClient } {
  if (!deps.settings || !deps.ptero) throw notConfigured();
  return { settings: deps.settings, ptero: deps.ptero };
}

function pteroUserId(user: HostingUser): number {
  if (user.ptero_user_id === null) {
    throw noPanelAccount();
  }
  return user.ptero_user_id;
}

const QUOTA_MESSAGES: Record<keyof ServerSize, string> = {
  cpu: '你沒有足夠的CPU (not enough CPU quota)',
  memory: '你沒有足夠的記憶體 (not enough memory quota)',
  disk: '你沒有足夠的空間 (not enough disk quota)',
};

function checkQuota(total: Resource, used: Resource, size: ServerSize): void {
  for (const key of ['cpu', 'memory', 'disk'] as const) {
    if (used[key] + size[key] > total[key]) {
      throw new AppError('conflict',
        `${QUOTA_MESSAGES[key]}: ${used[key]} used + ${size[key]} requested > ${total[key]}`,
        `quota_${key}`,
      );
    }
  }
}

export async function createServer(deps: HostingDeps, discordId: string, req: CreateServerBody): Promise<PteroServer> {
  const { settings, ptero } = panel(deps);
  const egg = settings.eggs[req.egg];
  if (!egg) throw new AppError('bad_request', `沒有這個核心 (unknown egg): ${req.egg}`, 'unknown_egg');
  const nodeId = settings.nodes[req.node];
  if (nodeId === undefined) throw new AppError('bad_request', `沒有這個節點 (unknown node): ${req.node}`, 'unknown_node');

  const server = await withLease(deps, discordId, async (user) => {
    const owner = pteroUserId(user);
    const current = await ptero.getUserServers(owner).catch(panelFailure);
    const used = usedResource(current);
    const total = totalResource(deps, user);
    if (used.servers + 1 > total.servers) {
      throw new AppError('conflict', `已達伺服器數量上限 (server limit reached: ${used.servers}/${total.servers})`, 'quota_servers');
    }
    checkQuota(total, used, req);
    const allocations = await ptero.listAllocations(nodeId).catch(panelFailure);
    const free = allocations.find((a) => !a.assigned);
    if (!free) throw new AppError('conflict', `節點 ${req.node} 沒有可用的連接埠 (no free allocation on this node)`, 'no_allocation');
    const made = await ptero
      .createServer({
        name: req.name,
        user: owner,
        egg: egg.egg_id,
        docker_image: egg.docker_image,
        startup: egg.startup,
        environment: egg.environment,
        limits: { memory: req.memory, swap: 0, disk: req.disk, io: settings.defaults.io, cpu: req.cpu },
        feature_limits: { databases: settings.featureLimits.databases, backups: settings.featureLimits.backups },
        allocation: { default: free.id },
      })
      .catch(panelFailure);
    const size = { cpu: req.cpu, memory: req.memory, disk: req.disk };
    return {
      value: made,
      audit: serverAudit(discordId, 'panel.server.create', made.identifier, `創建伺服器 ${made.name} (${made.identifier}) cpu ${req.cpu}% memory ${req.memory}MiB disk ${req.disk}MiB`, {
        name: made.name,
        egg: req.egg,
        node: req.node,
        ...size,
      }),
      undo: () => ptero.deleteServer(made.id),
    };
  });
  deps.notifier.notify(
    '創建伺服器',
    `<@${discordId}> created ${server.name} (${server.identifier}): cpu ${req.cpu}% memory ${req.memory}MB disk ${req.disk}MB`,
  );
  return server;
}

async function ownedServer(ptero: PterodactylClient, owner: number, identifier: string): Promise<{ server: PteroServer; all: PteroServer[] }> {
  const all = await ptero.getUserServers(owner).catch(panelFailure);
  const server = all.find((s) => s.identifier === identifier);
  if (!server) throw new AppError('not_found', '伺服器不存在 (no such server of yours)', 'unknown_server');
  return { server, all };
}

export async function resizeServer(deps: HostingDeps, discordId: string, identifier: string, size: ServerSize): Promise<PteroServer> {
  const { settings, ptero } = panel(deps);
  const server = await withLease(deps, discordId, async (user) => {
    const { server: old, all } = await ownedServer(ptero, pteroUserId(user), identifier);
    const others = usedResource(all.filter((s) => s.identifier !== identifier));
    checkQuota(totalResource(deps, user), others, size);
    const build = (to: ServerSize) => ({
      allocation: old.allocation,
      memory: to.memory,
      swap: old.limits.swap,
      disk: to.disk,
      io: old.limits.io || settings.defaults.io,
      cpu: to.cpu,
      threads: old.limits.threads,
      feature_limits: old.feature_limits,
    });
    const resized = await ptero.updateServerBuild(old.id, build(size)).catch(panelFailure);
    const from = { cpu: old.limits.cpu, memory: old.limits.memory, disk: old.limits.disk };
    return {
      value: resized,
      audit: serverAudit(discordId, 'panel.server.resize', identifier, `修改伺服器 ${old.name} (${identifier}) cpu ${size.cpu}% memory ${size.memory}MiB disk ${size.disk}MiB`, {
        from,
        to: { cpu: size.cpu, memory: size.memory, disk: size.disk },
      }),
      undo: () => ptero.updateServerBuild(old.id, build(from)),
    };
  });
  deps.notifier.notify('修改伺服器', `<@${discordId}> resized ${identifier}: cpu ${size.cpu}% memory ${size.memory}MB disk ${size.disk}MB`);
  return server;
}

export async function deleteServer(deps: HostingDeps, discordId: string, identifier: string): Promise<void> {
  const { ptero } = panel(deps);
  await withLease(deps, discordId, async (user) => {
    const { server } = await ownedServer(ptero, pteroUserId(user), identifier);
    await ptero.deleteServer(server.id).catch(panelFailure);
    const size = { cpu: server.limits.cpu, memory: server.limits.memory, disk: server.limits.disk };
    return { value: undefined, audit: serverAudit(discordId, 'panel.server.delete', identifier, `刪除伺服器 ${server.name} (${identifier})`, { name: server.name, ...size }) };
  });
  deps.notifier.notify('刪除伺服器', `<@${discordId}> deleted server ${identifier}`);
}

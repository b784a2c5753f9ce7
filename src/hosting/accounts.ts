import { randomBytes } from 'node:crypto';
import { AUDIT_MODULE, type HostingDeps } from './deps.js';
import type { DiscordUser } from './discord/oauth.js';
import { AppError } from '../core/errors.js';
import { noPanelAccount, notConfigured, panelFailure } from './errors.js';
import { findUser, type HostingUser } from './users.js';

export interface LoginResult {
  user: HostingUser;
  /** True when this login created the hosting user. */
  created: boolean;
  /** True when this login created the Pterodactyl account (rather than linking an existing one). */
  panelAccountCreated: boolean;
}

const newPassword = (): string => randomBytes(18).toString('base64url');

/**
 * First login creates the hosting user (zero extras, so the configured defaults are its resources)
 * and links the Pterodactyl account with the same email, creating it when none exists. Accounts
 * are linked by email, so only a Discord-verified email is trusted: otherwise anyone could claim an
 * existing panel account by typing its address into Discord.
 */
export async function loginUser(deps: HostingDeps, discord: DiscordUser): Promise<LoginResult> {
  if (!deps.ptero) throw notConfigured();
  if (!discord.email || discord.verified !== true) {
    throw new AppError('forbidden', '你的 Discord 帳號沒有已驗證的電子郵件 (your Discord account has no verified email)', 'unverified_email');
  }
  const existing = await findUser(deps, discord.id);
  let pteroUserId = existing?.ptero_user_id ?? null;
  let panelAccountCreated = false;
  if (pteroUserId === null) {
    try {
      const found = await deps.ptero.findUserByEmail(discord.email);
      if (found) {
        pteroUserId = found.id;
      } else {
        const made = await deps.ptero.createUser({
          email: discord.email,
          username: discord.id,
          first_name: discord.global_name ?? discord.username,
          last_name: discord.id,
          password: newPassword(),
        });
        pteroUserId = made.id;
        panelAccountCreated = true;
      }
    } catch (err) {
      panelFailure(err, '無法建立或連結翼龍面板帳號 (could not link the Pterodactyl account)');
    }
  }
  const now = deps.clock.now().toISOString();
  const displayName = discord.global_name ?? discord.username;
  const user = await deps.db
    .insertInto('hosting_users')
    .values({
      discord_id: discord.id,
      ptero_user_id: pteroUserId,
      email: discord.email,
      username: displayName,
      money: 0,
      memory: 0,
      disk: 0,
      cpu: 0,
      servers: 0,
      lock_until: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('discord_id').doUpdateSet({ ptero_user_id: pteroUserId, email: discord.email ?? null, username: displayName, updated_at: now }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user, created: existing === null, panelAccountCreated };
}

/**
 * Sets a fresh random panel password and returns it once; unlike BoardMate it is never sent to the
 * webhook, nor to the audit log. The old password is unknown, so a failed audit write cannot undo
 * the reset: it is logged, and the caller gets an error instead of the password (a new reset works).
 */
export async function resetPanelPassword(deps: HostingDeps, user: HostingUser): Promise<string> {
  if (!deps.ptero) throw notConfigured();
  if (user.ptero_user_id === null) {
    throw noPanelAccount();
  }
  const password = newPassword();
  try {
    const current = await deps.ptero.getUser(user.ptero_user_id);
    // PATCH /users/{id} validates like create, so every required field is sent again.
    await deps.ptero.updateUser(user.ptero_user_id, {
      email: current.email,
      username: current.username,
      first_name: current.first_name,
      last_name: current.last_name,
      password,
    });
  } catch (err) {
    panelFailure(err);
  }
  const audit = {
    module: AUDIT_MODULE,
    actorKeyId: null,
    action: 'panel.password.reset',
    target: user.discord_id,
    message: `重設翼龍面板密碼 (panel user ${user.ptero_user_id})`,
    detail: { pteroUserId: user.ptero_user_id },
    result: 'ok',
  };
  try {
    // Nothing in the database changes with a reset, so its row is the only write.
    await deps.audit.record(audit);
  } catch (err) {
    deps.log.error({ err, audit }, 'hosting: a password reset has no audit row');
    throw err;
  }
  deps.notifier.notify('重設密碼', `<@${user.discord_id}> reset their panel password`);
  return password;
}

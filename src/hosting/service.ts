import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditService } from '../core/audit.js';
import type { Authenticator } from '../core/auth.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { loginUser, resetPanelPassword } from './accounts.js';
import { exportApiLog } from './api-log.js';
import { deleteCode, listCodes, putCode, redeemCode, type Redemption } from './codes.js';
import { AUDIT_MODULE, type HostingDeps, type HostingDb } from './deps.js';
import { DiscordLoginError, DiscordOAuth } from './discord/oauth.js';
import { createNotifier } from './discord/webhook.js';
import { notConfigured } from './errors.js';
import { formInt } from './form.js';
import { PterodactylClient } from './pterodactyl/client.js';
import { createServer, deleteServer, resizeServer } from './servers.js';
import { createSession, deleteSession, sessionUser } from './sessions.js';
import { loadSettings } from './settings.js';
import { purchase, type Purchase } from './shop.js';
import { findUser, overview, requireUser, serverView, updateUserFromForm } from './users.js';
export type { HostingDb };

import type { ApiLogFile, CodeList, CodeView, CreateServerBody, Me, ServerSize, ServerView, UserForm, UserOverview, UserUpdate } from './wire.js';

/** Who made an admin-API call: an admin key's id, or null for HOSTING_API_KEY. */
export interface AdminActor {
  actorKeyId: string | null;
}

/** What the hosting module does, whatever carries the request. Every refusal is an AppError. */
export interface HostingService {
  /** What the panel's HTTP side needs to know of the configuration. */
  readonly panel: {
    /** The panel's public origin (`oauth.url`), accepted by the cross-site check besides the request's own. */
    publicOrigin: string | null;
    /** Cookies are Secure unless the public URL is plain http (tests, LAN set-ups). */
    secureCookies: boolean;
  };

  // BoardMate admin API
  /**
   * The acting key for a raw admin-API key (HOSTING_API_KEY or an admin key), or undefined when the
   * key is not accepted. Failures count against the caller's address like every other module's.
   */
  verifyAdminKey(raw: string, address: string): Promise<AdminActor | undefined>;
  /** An admin key for the manage routes (Bearer); unauthorized, forbidden or rate_limited otherwise. */
  requireAdminKey(raw: string | undefined, address: string): Promise<AdminActor>;
  getUser(actor: AdminActor, discordId: string): Promise<UserOverview>;
  updateUser(actor: AdminActor, discordId: string, form: UserForm): Promise<UserUpdate>;
  listCodes(actor: AdminActor): Promise<CodeList>;
  putCode(actor: AdminActor, code: string, use: string, money: string): Promise<CodeView>;
  deleteCode(actor: AdminActor, code: string): Promise<void>;
  /** BoardMate's `data/api.json`, with an empty `key`. */
  exportApiLog(): Promise<ApiLogFile>;

  // Discord login and sessions
  beginLogin(): { state: string; url: string };
  /** Exchanges the Discord code, creates or links the user, and opens a session; returns its token. */
  completeLogin(code: string): Promise<string>;
  /** The Discord id behind a session token; unauthorized (not_logged_in, or session_expired for a stale token) when there is none. */
  authenticate(token: string | undefined): Promise<string>;
  logout(token: string | undefined): Promise<void>;

  // Panel, for the signed-in user
  me(discordId: string): Promise<Me>;
  redeem(discordId: string, code: string): Promise<Redemption>;
  buy(discordId: string, item: string, amount: number): Promise<Purchase>;
  createServer(discordId: string, request: CreateServerBody): Promise<ServerView>;
  resizeServer(discordId: string, identifier: string, size: ServerSize): Promise<ServerView>;
  deleteServer(discordId: string, identifier: string, confirm: string): Promise<void>;
  resetPassword(discordId: string): Promise<{ password: string; panelUrl: string | null }>;

  /** Waits for webhook notices still in flight. */
  close(): Promise<void>;
}

export interface HostingServiceOptions {
  db: Kysely<HostingDb>;
  audit: AuditService;
  auth: Authenticator;
  clock: Clock;
  log: Logger;
  /** HOSTING_CONFIG: BoardMate's setting.json. Without it the admin API works with zero defaults. */
  settingsPath?: string | undefined;
  /** HOSTING_API_KEY: a BoardMate key kept for existing bots, accepted besides admin keys. */
  apiKey?: string | undefined;
}

const tooManyAttempts = () => new AppError('rate_limited', '嘗試次數過多，請稍後再試 (too many failed key attempts)', 'rate_limited');
const notLoggedIn = () => new AppError('unauthorized', '請先登入 (please log in with Discord at /panel/login)', 'not_logged_in');
// A session cookie that no longer opens a session: it expired, or was ended by a logout elsewhere.
const sessionExpired = () => new AppError('unauthorized', '登入已過期，請重新登入 (the session has expired; log in again at /panel/login)', 'session_expired');

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Builds the module; an invalid HOSTING_CONFIG throws here, failing start-up. */
export function createHostingService(options: HostingServiceOptions): HostingService {
  const settings = options.settingsPath ? loadSettings(options.settingsPath) : null;
  const ptero = settings ? new PterodactylClient({ baseUrl: settings.pterodactyl.url, apiKey: settings.pterodactyl.key }) : null;
  // The redirect URI registered with Discord: `oauth.url` + `panel/oauth/callback`, as BoardMate's `oauth/callback`.
  const oauth = settings
    ? new DiscordOAuth(settings.oauth.discordApi, settings.oauth.clientId, settings.oauth.clientSecret, `${settings.oauth.publicUrl}panel/oauth/callback`)
    : null;
  const deps: HostingDeps = {
    db: options.db,
    audit: options.audit,
    clock: options.clock,
    log: options.log,
    settings,
    ptero,
    notifier: createNotifier(settings?.oauth.webhook ?? null, options.log),
  };
  const { auth, audit } = options;
  const extraKey = options.apiKey ? digest(options.apiKey) : null;
  const readLogged = (actor: AdminActor, action: string, message: string, target?: string) =>
    audit.record({ module: AUDIT_MODULE, actorKeyId: actor.actorKeyId, action, target: target ?? null, message, result: 'ok' });
  const loginRequired = () => {
    if (!oauth) throw notConfigured();
    return oauth;
  };

  return {
    panel: {
      publicOrigin: settings ? new URL(settings.oauth.publicUrl).origin : null,
      secureCookies: settings?.oauth.publicUrl.startsWith('https://') ?? true,
    },

    async verifyAdminKey(raw, address) {
      if (extraKey && timingSafeEqual(digest(raw), extraKey)) {
        // HOSTING_API_KEY is chosen by an operator and may be guessable: an address that used up
        // its failures cannot confirm a guess. Hub keys (190 bits) always pass instead.
        if (await auth.limited(address)) throw tooManyAttempts();
        return { actorKeyId: null };
      }
      try {
        const record = await auth.authenticate(raw, address);
        return record.keyType === 'admin' ? { actorKeyId: record.id } : undefined;
      } catch (err) {
        if (err instanceof AppError && err.kind === 'rate_limited') throw tooManyAttempts();
        if (err instanceof AppError) return undefined;
        throw err;
      }
    },

    async requireAdminKey(raw, address) {
      const record = await auth.authenticate(raw, address);
      if (record.keyType !== 'admin') throw new AppError('forbidden', 'Admin Key required');
      return { actorKeyId: record.id };
    },

    async getUser(actor, discordId) {
      const view = await overview(deps, await requireUser(deps, discordId));
      await readLogged(actor, 'api.user.get', `搜尋用戶 ${discordId}`, discordId);
      return view;
    },

    updateUser: (actor, discordId, form) => updateUserFromForm(deps, actor.actorKeyId, discordId, form),

    async listCodes(actor) {
      const codes = await listCodes(deps);
      await readLogged(actor, 'api.code.list', '查詢代碼');
      return codes;
    },

    async putCode(actor, code, rawUse, rawMoney) {
      // A code that can never be redeemed, or that gives nothing, is a typo rather than an intent.
      return putCode(deps, actor.actorKeyId, code, formInt(rawUse, 1), formInt(rawMoney, 1));
    },

    deleteCode: (actor, code) => deleteCode(deps, actor.actorKeyId, code),

    exportApiLog: () => exportApiLog(audit),

    beginLogin() {
      const client = loginRequired();
      const state = client.newState();
      return { state, url: client.authorizationUrl(state).toString() };
    },

    async completeLogin(code) {
      const client = loginRequired();
      const discord = await client.userFromCode(code).catch((err: unknown) => {
        if (err instanceof DiscordLoginError) throw new AppError('bad_gateway', `Discord 登入失敗 (${err.message})`, 'discord_error');
        throw err;
      });
      const result = await loginUser(deps, discord);
      const token = await createSession(deps, discord.id);
      deps.notifier.notify(
        '登入通知',
        `<@${discord.id}> logged in${result.created ? ' for the first time' : ''}${result.panelAccountCreated ? ' (panel account created)' : ''}`,
      );
      return token;
    },

    async authenticate(token) {
      const discordId = token ? await sessionUser(deps, token) : null;
      if (!discordId) throw token ? sessionExpired() : notLoggedIn();
      return (await requireUser(deps, discordId)).discord_id;
    },

    async logout(token) {
      if (!token) return;
      const id = await sessionUser(deps, token);
      await deleteSession(deps, token);
      if (id && (await findUser(deps, id))) deps.notifier.notify('登出通知', `<@${id}> logged out`);
    },

    async me(discordId) {
      const user = await requireUser(deps, discordId);
      const view = await overview(deps, user);
      return {
        id: user.discord_id,
        username: user.username,
        email: user.email,
        panelUrl: settings?.pterodactyl.url ?? null,
        ...view,
        shop: settings?.shop ?? { cpu: {}, memory: {}, disk: {}, servers: {} },
        eggs: Object.keys(settings?.eggs ?? {}),
        nodes: Object.keys(settings?.nodes ?? {}),
      };
    },

    async redeem(discordId, code) {
      const result = await redeemCode(deps, discordId, code);
      deps.notifier.notify('兌換代碼', `<@${discordId}> redeemed ${code.trim()} (+${result.reward}$, 已使用 ${result.used}/${result.uses})`);
      return result;
    },

    buy: (discordId, item, amount) => purchase(deps, discordId, item, amount),

    async createServer(discordId, request) {
      return serverView(deps, await createServer(deps, discordId, request));
    },

    async resizeServer(discordId, identifier, size) {
      return serverView(deps, await resizeServer(deps, discordId, identifier, size));
    },

    async deleteServer(discordId, identifier, confirm) {
      // Deleting is irreversible: the caller must repeat the identifier, which the panel asks the user to confirm.
      if (confirm !== identifier) {
        throw new AppError('bad_request', `請確認刪除：confirm 必須是伺服器代號 ${identifier} (confirm must repeat the server identifier)`, 'confirm_required');
      }
      await deleteServer(deps, discordId, identifier);
    },

    async resetPassword(discordId) {
      const password = await resetPanelPassword(deps, await requireUser(deps, discordId));
      return { password, panelUrl: settings?.pterodactyl.url ?? null };
    },

    close: () => deps.notifier.flush(),
  };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { HostingError } from './errors.js';
import type { HostingDeps } from './deps.js';
import { DiscordOAuth } from './discord/oauth.js';
import { createNotifier } from './discord/webhook.js';
import { PterodactylClient } from './pterodactyl/client.js';
import { loadSettings } from './settings.js';
import type { HostingTables } from './tables.js';

export interface HostingService {
  deps: HostingDeps;
  /** Null when HOSTING_CONFIG is not set; the panel then answers 503. */
  oauth: DiscordOAuth | null;
  /**
   * Resolves the admin-API key to the acting key id (null for HOSTING_API_KEY), or undefined when
   * the key is not accepted. Failures count against the caller's address like every other module's.
   */
  verifyAdminKey(raw: string, address: string): Promise<{ actorKeyId: string | null } | undefined>;
  /** Appends one entry to the hosting API log (BoardMate's `data/api.json` `log`), kept in the audit log. */
  recordApiLog(actorKeyId: string | null, action: string, message: string, target?: string): Promise<void>;
}

export const AUDIT_MODULE = 'hosting';
/** Audit action of log entries brought in by import-boardmate. */
export const API_LOG_IMPORTED = 'api.imported';
/** Admin-API calls are audited as `api.*`; these entries make up BoardMate's API log. */
export const isApiLogAction = (action: string): boolean => action.startsWith('api.');

const tooManyAttempts = () => new HostingError(429, '嘗試次數過多，請稍後再試 (too many failed key attempts)', 'rate_limited');

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Builds the module from the shared context; an invalid HOSTING_CONFIG throws here, failing start-up. */
export function createHostingService(ctx: AppContext): HostingService {
  const settings = ctx.config.hostingConfigPath ? loadSettings(ctx.config.hostingConfigPath) : null;
  const ptero = settings ? new PterodactylClient({ baseUrl: settings.pterodactyl.url, apiKey: settings.pterodactyl.key }) : null;
  // The redirect URI registered with Discord: `oauth.url` + `panel/oauth/callback`, as BoardMate's `oauth/callback`.
  const oauth = settings
    ? new DiscordOAuth(settings.oauth.discordApi, settings.oauth.clientId, settings.oauth.clientSecret, `${settings.oauth.publicUrl}panel/oauth/callback`)
    : null;
  const deps: HostingDeps = {
    // Kysely is invariant in its schema type; the hosting module only ever touches its own tables,
    // which the composed Database interface includes.
    db: ctx.db as unknown as Kysely<HostingTables>,
    clock: ctx.clock,
    log: ctx.log,
    settings,
    ptero,
    notifier: createNotifier(settings?.oauth.webhook ?? null, ctx.log),
  };
  const extraKey = ctx.config.hostingApiKey ? digest(ctx.config.hostingApiKey) : null;

  return {
    deps,
    oauth,
    async verifyAdminKey(raw, address) {
      if (extraKey && timingSafeEqual(digest(raw), extraKey)) {
        // HOSTING_API_KEY is chosen by an operator and may be guessable: an address that used up
        // its failures cannot confirm a guess. Hub keys (190 bits) always pass instead.
        if (await ctx.auth.limited(address)) throw tooManyAttempts();
        return { actorKeyId: null };
      }
      try {
        const record = await ctx.auth.authenticate(raw, address);
        return record.keyType === 'admin' ? { actorKeyId: record.id } : undefined;
      } catch (err) {
        if (err instanceof AppError && err.kind === 'rate_limited') {
          throw tooManyAttempts();
        }
        if (err instanceof AppError) return undefined;
        throw err;
      }
    },
    async recordApiLog(actorKeyId, action, message, target) {
      await ctx.audit.record({ module: AUDIT_MODULE, actorKeyId, action, target: target ?? null, message, result: 'ok' });
    },
  };
}

import { readFileSync } from 'node:fs';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { describeProblem } from './problems.js';
import { MAX_AMOUNT, type ShopItem } from './wire.js';

const Amount = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT });
const PositiveId = Type.Integer({ minimum: 1 });
const Url = Type.String({ pattern: '^https?://[^\\s]+$' });

const EggSchema = Type.Object({
  egg_id: PositiveId,
  docker_image: Type.String({ minLength: 1 }),
  startup: Type.String({ minLength: 1 }),
  environment: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  max_resource: Type.Optional(Type.Object({ memory: Amount, disk: Amount, cpu: Amount })),
  nest_id: Type.Optional(PositiveId),
});

/** Price list: "<amount>": price, as BoardMate's `shop` section. */
const PriceList = Type.Record(Type.String({ pattern: '^[1-9][0-9]*$' }), Amount, { additionalProperties: false });

/**
 * BoardMate's `setting.json` layout (research 1.2), so an operator's existing file is reused as is.
 * Unknown extra fields are allowed (BoardMate keeps host/port/debug there, which InterConnect's own
 * config replaces); `oauth.discord_api` is the one addition.
 */
export const SettingsSchema = Type.Object({
  oauth: Type.Object({
    id: Type.String({ minLength: 1 }),
    client_secret: Type.String({ minLength: 1 }),
    url: Url,
    bot_token: Type.Optional(Type.String()),
    webhook: Type.Optional(Type.String()),
    discord_api: Type.Optional(Url),
  }),
  pterodactyl: Type.Object({ url: Url, key: Type.String({ minLength: 1 }) }),
  boardmate: Type.Optional(
    Type.Object({
      account_sharing: Type.Optional(Type.Boolean()),
      admins: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  server: Type.Object({
    node: Type.Record(Type.String(), PositiveId),
    eggs: Type.Record(Type.String(), EggSchema),
    feature_limits: Type.Object({ databases: Amount, backups: Amount }),
    default_resource: Type.Object({
      memory: Amount,
      disk: Amount,
      cpu: Amount,
      servers: Amount,
      swap: Type.Optional(Type.Integer({ minimum: -1 })),
      io: Type.Optional(Type.Integer({ minimum: 10, maximum: 1000 })),
    }),
  }),
  shop: Type.Object({
    cpu: Type.Optional(PriceList),
    memory: Type.Optional(PriceList),
    disk: Type.Optional(PriceList),
    server: Type.Optional(PriceList),
  }),
});

export type RawSettings = Static<typeof SettingsSchema>;
export const SHOP_ITEMS: readonly ShopItem[] = ['cpu', 'memory', 'disk', 'servers'];

export interface HostingSettings {
  oauth: {
    clientId: string;
    clientSecret: string;
    /** Public base URL of this service, always ending in '/'. */
    publicUrl: string;
    discordApi: string;
    webhook: string | null;
  };
  pterodactyl: { url: string; key: string };
  nodes: Record<string, number>;
  eggs: RawSettings['server']['eggs'];
  featureLimits: { databases: number; backups: number };
  defaults: { memory: number; disk: number; cpu: number; servers: number; swap: number; io: number };
  /** Keyed by the user-facing item name; `servers` reads BoardMate's `shop.server` table. */
  shop: Record<ShopItem, Record<string, number>>;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
const withoutSlash = (url: string): string => url.replace(/\/+$/, '');

export function parseSettings(input: unknown, source = 'HOSTING_CONFIG'): HostingSettings {
  if (!Value.Check(SettingsSchema, input)) {
    const problem = describeProblem(Value.Errors(SettingsSchema, input), 'is not an allowed key (shop amounts must be positive integers)');
    throw new SettingsError(`${source}: ${problem}`);
  }
  const raw = input;
  const defaults = raw.server.default_resource;
  return {
    oauth: {
      clientId: raw.oauth.id,
      clientSecret: raw.oauth.client_secret,
      publicUrl: withSlash(raw.oauth.url),
      discordApi: withoutSlash(raw.oauth.discord_api ?? 'https://discord.com/api'),
      webhook: raw.oauth.webhook ? raw.oauth.webhook : null,
    },
    pterodactyl: { url: withSlash(raw.pterodactyl.url), key: raw.pterodactyl.key },
    nodes: raw.server.node,
    eggs: raw.server.eggs,
    featureLimits: raw.server.feature_limits,
    defaults: {
      memory: defaults.memory,
      disk: defaults.disk,
      cpu: defaults.cpu,
      servers: defaults.servers,
      swap: defaults.swap ?? 0,
      io: defaults.io ?? 500,
    },
    shop: {
      cpu: raw.shop.cpu ?? {},
      memory: raw.shop.memory ?? {},
      disk: raw.shop.disk ?? {},
      servers: raw.shop.server ?? {},
    },
  };
}

/** Reads and validates the file named by HOSTING_CONFIG; any problem is fatal at start-up. */
export function loadSettings(path: string): HostingSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SettingsError(`HOSTING_CONFIG: cannot read ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SettingsError(`HOSTING_CONFIG: ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseSettings(json, `HOSTING_CONFIG ${path}`);
}

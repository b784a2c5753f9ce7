import Type, { type Static } from 'typebox';

/*
 * The hosting module's wire contract: the bodies of the BoardMate admin API (`/api/user`,
 * `/api/code`), the panel's JSON API (`/panel/api/*`) and `/manage/hosting/api-log`. The routes
 * validate and document with these schemas; the dashboard, the panel SPA and the CLI import the
 * types. Only 'typebox' may be imported here: browser builds include this file.
 */

/** Largest value a quota or money column holds on both SQLite and PostgreSQL (int4). */
export const MAX_AMOUNT = 2_147_483_647;

// ---- shared shapes ---------------------------------------------------------------------------

export const Resource = Type.Object({
  cpu: Type.Integer(),
  disk: Type.Integer(),
  memory: Type.Integer(),
  servers: Type.Integer(),
});
export type Resource = Static<typeof Resource>;

/** One server as BoardMate lists it: the Pterodactyl limits plus id (the 8-char identifier), name, description, url. */
export const ServerView = Type.Object({
  cpu: Type.Integer(),
  description: Type.String(),
  disk: Type.Integer(),
  id: Type.String({ examples: ['22389661'] }),
  io: Type.Integer(),
  memory: Type.Integer(),
  name: Type.String(),
  oom_disabled: Type.Boolean(),
  swap: Type.Integer(),
  threads: Type.Union([Type.String(), Type.Null()]),
  url: Type.String({ examples: ['https://fmdb.maybeisfree.host/server/22389661'] }),
});
export type ServerView = Static<typeof ServerView>;

export const UserOverview = Type.Object(
  {
    money: Type.Integer(),
    now: Resource,
    resource: Resource,
    server: Type.Record(Type.String(), ServerView),
  },
  { description: '`resource` is the bought or granted extras plus the configured defaults; `now` is the sum over the servers the user owns.' },
);
export type UserOverview = Static<typeof UserOverview>;

// ---- admin API (BoardMate) -----------------------------------------------------------------

/** BoardMate's envelope for errors and for the delete confirmation: `{"code": 400, "message": "資料有誤"}`. */
export const BoardMateMessage = Type.Object({ code: Type.Integer(), message: Type.String() }, { examples: [{ code: 400, message: '資料有誤' }] });
export type BoardMateMessage = Static<typeof BoardMateMessage>;

/** Integers as Python's int() reads them from a form (surrounding spaces, a leading +); never negative here. */
export const FormInt = Type.String({ pattern: '^\\s*\\+?[0-9]{1,10}\\s*$', examples: ['200'] });
export const DiscordId = Type.String({ pattern: '^[0-9]{1,25}$', examples: ['123456'] });
export const CodeName = Type.String({ minLength: 1, maxLength: 200, examples: ['MYCODE'] });
/** The key as a form field; a Bearer header or `?key=` work too. */
const FormKey = Type.Optional(Type.String({ description: 'The hosting API key (HOSTING_API_KEY or an admin key)' }));

export const UserParams = Type.Object({ id: DiscordId });

/** `POST /api/user/<id>`: each given field overwrites the stored value (money, or an extra on top of the defaults). */
export const UserForm = Type.Object({
  key: FormKey,
  money: Type.Optional(FormInt),
  memory: Type.Optional(FormInt),
  disk: Type.Optional(FormInt),
  cpu: Type.Optional(FormInt),
  servers: Type.Optional(FormInt),
});
export type UserForm = Static<typeof UserForm>;

export const UserUpdate = Type.Object({ money: Type.Integer(), resource: Resource }, { examples: [{ money: 200, resource: { cpu: 0, disk: 0, memory: 4096, servers: 0 } }] });
export type UserUpdate = Static<typeof UserUpdate>;

export const CodeForm = Type.Object({ key: FormKey, code: CodeName, use: FormInt, money: FormInt });
export type CodeForm = Static<typeof CodeForm>;

export const CodeDeleteForm = Type.Object({ key: FormKey, code: CodeName });
export type CodeDeleteForm = Static<typeof CodeDeleteForm>;

/** A code: reward, maximum uses, and who redeemed it (in order). */
export const CodeView = Type.Object({ money: Type.Integer(), use: Type.Integer(), user: Type.Array(Type.String()) }, { examples: [{ money: 100, use: 5, user: [] }] });
export type CodeView = Static<typeof CodeView>;

export const CodeList = Type.Record(Type.String(), CodeView);
export type CodeList = Static<typeof CodeList>;

/** The `key` an admin API request may carry in the query string. */
export const KeyQuery = Type.Object({ key: Type.Optional(Type.String()) });

/** BoardMate's `data/api.json`. */
export const ApiLogFile = Type.Object({
  key: Type.String({ description: 'Always empty in answers: the service never sends HOSTING_API_KEY back (the CLI fills it in)' }),
  log: Type.Array(Type.Object({ time: Type.Integer({ description: 'Unix seconds' }), message: Type.String() })),
});
export type ApiLogFile = Static<typeof ApiLogFile>;

// ---- panel JSON API ------------------------------------------------------------------------

/** The panel's error envelope: a message for people and a stable reason for scripts. */
export const PanelRefusal = Type.Object(
  { message: Type.String(), reason: Type.String() },
  { examples: [{ message: '你沒有足夠的錢錢 (price 20, you have 15)', reason: 'not_enough_money' }] },
);
export type PanelRefusal = Static<typeof PanelRefusal>;

export const PanelMessage = Type.Object({ message: Type.String() });
export type PanelMessage = Static<typeof PanelMessage>;

export const ShopItem = Type.Union([Type.Literal('cpu'), Type.Literal('memory'), Type.Literal('disk'), Type.Literal('servers')]);
export type ShopItem = Static<typeof ShopItem>;

export const PriceList = Type.Record(Type.String(), Type.Integer(), { description: '"<amount>": price' });

export const Me = Type.Object({
  id: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  panelUrl: Type.Union([Type.String(), Type.Null()]),
  money: Type.Integer(),
  now: Resource,
  resource: Resource,
  server: Type.Record(Type.String(), ServerView),
  shop: Type.Object({ cpu: PriceList, memory: PriceList, disk: PriceList, servers: PriceList }),
  eggs: Type.Array(Type.String()),
  nodes: Type.Array(Type.String()),
});
export type Me = Static<typeof Me>;

const Size = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT });

export const RedeemBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) });
export type RedeemBody = Static<typeof RedeemBody>;
export const RedeemResult = Type.Object({ message: Type.String(), money: Type.Integer(), reward: Type.Integer() });
export type RedeemResult = Static<typeof RedeemResult>;

export const ShopBody = Type.Object({ item: Type.String({ maxLength: 20, examples: ['memory'] }), amount: Size });
export type ShopBody = Static<typeof ShopBody>;
export const PurchaseResult = Type.Object({ message: Type.String(), item: ShopItem, amount: Type.Integer(), price: Type.Integer(), money: Type.Integer() });
export type PurchaseResult = Static<typeof PurchaseResult>;

export const ServerSize = Type.Object({ cpu: Size, memory: Size, disk: Size });
export type ServerSize = Static<typeof ServerSize>;
export const CreateServerBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 191 }),
  egg: Type.String({ minLength: 1, maxLength: 200 }),
  node: Type.String({ minLength: 1, maxLength: 200 }),
  cpu: Size,
  memory: Size,
  disk: Size,
});
export type CreateServerBody = Static<typeof CreateServerBody>;

export const ServerParams = Type.Object({ identifier: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }) });
export const DeleteServerBody = Type.Object({ confirm: Type.String({ maxLength: 200, description: 'The server identifier again' }) });
export type DeleteServerBody = Static<typeof DeleteServerBody>;

export const ServerChanged = Type.Object({ message: Type.String(), server: ServerView });
export type ServerChanged = Static<typeof ServerChanged>;

export const PasswordReset = Type.Object({ message: Type.String(), password: Type.String(), panelUrl: Type.Union([Type.String(), Type.Null()]) });
export type PasswordReset = Static<typeof PasswordReset>;

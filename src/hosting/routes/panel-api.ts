import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { resetPanelPassword } from '../accounts.js';
import { redeemCode } from '../codes.js';
import { HostingError } from '../errors.js';
import { describeProblem, type SchemaError } from '../problems.js';
import { createServer, deleteServer, resizeServer } from '../servers.js';
import type { HostingService } from '../service.js';
import { MAX_AMOUNT } from '../settings.js';
import { purchase } from '../shop.js';
import { overview, serverView } from '../users.js';
import { currentUser } from './panel-session.js';

const Size = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT });
const Identifier = Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' });

const RedeemBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) });
const ShopBody = Type.Object({ item: Type.String({ maxLength: 20 }), amount: Size });
const CreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 191 }),
  egg: Type.String({ minLength: 1, maxLength: 200 }),
  node: Type.String({ minLength: 1, maxLength: 200 }),
  cpu: Size,
  memory: Size,
  disk: Size,
});
const ResizeBody = Type.Object({ cpu: Size, memory: Size, disk: Size });
const DeleteBody = Type.Object({ confirm: Type.String({ maxLength: 200 }) });
const ServerParams = Type.Object({ identifier: Identifier });

interface Checker<T> {
  Check(value: unknown): value is T;
  Errors(value: unknown): Iterable<SchemaError>;
}

/** Explains what was wrong with a request body, naming the field, instead of a bare "bad request". */
function parse<T>(checker: Checker<T>, value: unknown): T {
  if (checker.Check(value)) return value;
  throw new HostingError(400, `資料有誤 (${describeProblem(checker.Errors(value))})`, 'bad_request');
}

const redeemCheck = Compile(RedeemBody);
const shopCheck = Compile(ShopBody);
const createCheck = Compile(CreateBody);
const resizeCheck = Compile(ResizeBody);
const deleteCheck = Compile(DeleteBody);
const paramsCheck = Compile(ServerParams);

/** The panel's JSON API; the SPA is built on it and scripts can call it with the session cookie. */
export const panelApiRoutes: FastifyPluginAsync<{ service: HostingService }> = async (app, { service }) => {
  const { deps } = service;

  app.get('/panel/api/me', async (request) => {
    const user = await currentUser(service, request);
    const view = await overview(deps, user);
    const settings = deps.settings;
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
  });

  app.post('/panel/api/redeem', async (request) => {
    const user = await currentUser(service, request);
    const body = parse(redeemCheck, request.body);
    const result = await redeemCode(deps, user.discord_id, body.code);
    deps.notifier.notify('兌換代碼', `<@${user.discord_id}> redeemed ${body.code.trim()} (+${result.reward}$, 已使用 ${result.used}/${result.uses})`);
    return { message: `兌換成功 (+${result.reward})`, money: result.money, reward: result.reward };
  });

  app.post('/panel/api/shop', async (request) => {
    const user = await currentUser(service, request);
    const body = parse(shopCheck, request.body);
    const result = await purchase(deps, user.discord_id, body.item, body.amount);
    return { message: '購買成功！', ...result };
  });

  app.post('/panel/api/servers', async (request, reply) => {
    const user = await currentUser(service, request);
    const body = parse(createCheck, request.body);
    const server = await createServer(deps, user.discord_id, body);
    return reply.code(201).send({ message: '創建成功 (server created)', server: serverView(deps, server) });
  });

  app.patch('/panel/api/servers/:identifier', async (request) => {
    const user = await currentUser(service, request);
    const { identifier } = parse(paramsCheck, request.params);
    const body = parse(resizeCheck, request.body);
    const server = await resizeServer(deps, user.discord_id, identifier, body);
    return { message: '修改成功', server: serverView(deps, server) };
  });

  app.delete('/panel/api/servers/:identifier', async (request) => {
    const user = await currentUser(service, request);
    const { identifier } = parse(paramsCheck, request.params);
    const body = parse(deleteCheck, request.body ?? {});
    // Deleting is irreversible: the caller must repeat the identifier, which the panel asks the user to confirm.
    if (body.confirm !== identifier) {
      throw new HostingError(400, `請確認刪除：confirm 必須是伺服器代號 ${identifier} (confirm must repeat the server identifier)`, 'confirm_required');
    }
    await deleteServer(deps, user.discord_id, identifier);
    return { message: '刪除成功' };
  });

  app.post('/panel/api/password', async (request) => {
    const user = await currentUser(service, request);
    const password = await resetPanelPassword(deps, user);
    return { message: '密碼已重設 (password reset); it is shown only once', password, panelUrl: deps.settings?.pterodactyl.url ?? null };
  });
};

import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { bearerToken } from '../../core/auth.js';
import { Compile } from 'typebox/compile';
import { deleteCode, listCodes, putCode } from '../codes.js';
import { HostingError } from '../errors.js';
import { flaskJson, pythonRepr, type PyValue } from '../flask-json.js';
import { FormBodyError, flattenFields, readGetFormBody, type FormFields } from '../form.js';
import { PterodactylError } from '../pterodactyl/client.js';
import type { HostingService } from '../service.js';
import { MAX_AMOUNT } from '../settings.js';
import { overview, requireUser, setUserFields, type UserFields } from '../users.js';

/*
 * BoardMate-compatible admin API: `/api/user/<discord id>` and `/api/code`. Bodies and errors are
 * the original's (Flask `jsonify`: sorted keys), so existing bots and scripts keep working.
 */

const BODY_LIMIT = 64 * 1024;

/** Integers as Python's int() accepts them from a form (surrounding spaces, leading +), non-negative here. */
const IntField = Type.String({ pattern: '^\\s*\\+?[0-9]{1,10}\\s*$' });
const DiscordId = Type.String({ pattern: '^[0-9]{1,25}$' });
const CodeName = Type.String({ minLength: 1, maxLength: 200 });

const UserParams = Compile(Type.Object({ id: DiscordId }));
const UserPost = Compile(
  Type.Object({
    money: Type.Optional(IntField),
    memory: Type.Optional(IntField),
    disk: Type.Optional(IntField),
    cpu: Type.Optional(IntField),
    servers: Type.Optional(IntField),
  }),
);
const CodePost = Compile(Type.Object({ code: CodeName, use: IntField, money: IntField }));
const CodeDelete = Compile(Type.Object({ code: CodeName }));

const BAD_REQUEST = { code: 400, message: '資料有誤' };

declare module 'fastify' {
  interface FastifyRequest {
    hostingForm?: FormFields;
    hostingActor?: { actorKeyId: string | null };
  }
}

function toInt(raw: string): number | null {
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_AMOUNT ? n : null;
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json').send(flaskJson(body));
}

export const adminApiRoutes: FastifyPluginAsync<{ service: HostingService }> = async (app, { service }) => {
  const { deps } = service;

  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody, { bodyLimit: BODY_LIMIT });
  if (!app.hasContentTypeParser('multipart/form-data')) {
    await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: BODY_LIMIT, files: 4, fields: 50 } });
  }

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HostingError) return send(reply, err.status, { code: err.status, message: err.message });
    if (err instanceof PterodactylError) {
      request.log.warn({ err }, 'hosting admin API: Pterodactyl call failed');
      return send(reply, 502, { code: 502, message: `翼龍面板連線失敗 (Pterodactyl panel error): ${err.message}` });
    }
    const status = err.statusCode ?? 500;
    if (err instanceof FormBodyError || (status >= 400 && status < 500)) return send(reply, 400, BAD_REQUEST);
    request.log.error({ err }, 'hosting admin API failed');
    return send(reply, 500, { code: 500, message: '伺服器發生錯誤，請連絡管理員' });
  });

  // Field collection, then the key check, before any handler: a missing key is 400 and a wrong one
  // 403, as in BoardMate, whatever else is wrong with the request.
  app.addHook('preHandler', async (request, reply) => {
    const fields = request.method === 'GET' ? await readGetFormBody(request, BODY_LIMIT) : flattenFields(request.body);
    request.hostingForm = fields;
    const query = request.query as Record<string, unknown> | undefined;
    const queryKey = typeof query?.key === 'string' ? query.key : undefined;
    const key = fields.key ?? queryKey ?? bearerToken(request.headers.authorization);
    if (!key) return send(reply, 400, BAD_REQUEST);
    const actor = await service.verifyAdminKey(key, request.ip);
    if (!actor) return send(reply, 403, { code: 403, message: 'API Key錯誤' });
    request.hostingActor = actor;
  });

  const actorOf = (request: FastifyRequest): string | null => request.hostingActor?.actorKeyId ?? null;
  const formOf = (request: FastifyRequest): FormFields => request.hostingForm ?? {};

  const userId = (request: FastifyRequest): string => {
    if (!UserParams.Check(request.params)) throw new HostingError(404, '未找到此用戶', 'unknown_user');
    return request.params.id;
  };

  app.get('/api/user/:id', async (request, reply) => {
    const id = userId(request);
    const user = await requireUser(deps, id);
    const view = await overview(deps, user);
    await service.recordApiLog(actorOf(request), 'api.user.get', `搜尋用戶 ${id}`, id);
    return send(reply, 200, view);
  });

  app.post('/api/user/:id', async (request, reply) => {
    const id = userId(request);
    const form = formOf(request);
    if (!UserPost.Check(form)) return send(reply, 400, BAD_REQUEST);
    const fields: UserFields = {};
    for (const name of ['money', 'memory', 'disk', 'cpu', 'servers'] as const) {
      const raw = form[name];
      if (raw === undefined) continue;
      const value = toInt(raw);
      if (value === null) return send(reply, 400, BAD_REQUEST);
      fields[name] = value;
    }
    const user = await setUserFields(deps, id, fields);
    // BoardMate logs the request as a Python dict: given fields as the raw form strings, others as stored.
    const given = (name: keyof UserFields, stored: number): PyValue => form[name] ?? stored;
    const logged: PyValue = {
      resource: {
        memory: given('memory', user.memory),
        disk: given('disk', user.disk),
        cpu: given('cpu', user.cpu),
        servers: given('servers', user.servers),
      },
      money: given('money', user.money),
    };
    await service.recordApiLog(actorOf(request), 'api.user.update', `編輯用戶 ${id} : ${pythonRepr(logged)}`, id);
    return send(reply, 200, {
      money: user.money,
      resource: { cpu: user.cpu, disk: user.disk, memory: user.memory, servers: user.servers },
    });
  });

  app.get('/api/code', async (request, reply) => {
    const codes = await listCodes(deps);
    await service.recordApiLog(actorOf(request), 'api.code.list', '查詢代碼');
    return send(reply, 200, codes);
  });

  app.post('/api/code', async (request, reply) => {
    const form = formOf(request);
    if (!CodePost.Check(form)) return send(reply, 400, BAD_REQUEST);
    const use = toInt(form.use);
    const money = toInt(form.money);
    // A code that can never be redeemed, or that gives nothing, is a typo rather than an intent.
    if (use === null || money === null || use < 1 || money < 1) return send(reply, 400, BAD_REQUEST);
    const entry = await putCode(deps, form.code, use, money);
    await service.recordApiLog(actorOf(request), 'api.code.put', `新增/編輯代碼 ${form.code} 可使用${use}次 可獲得${money}$`, form.code);
    return send(reply, 200, entry);
  });

  app.delete('/api/code', async (request, reply) => {
    const form = formOf(request);
    if (!CodeDelete.Check(form)) return send(reply, 400, BAD_REQUEST);
    await deleteCode(deps, form.code);
    await service.recordApiLog(actorOf(request), 'api.code.delete', `刪除代碼 ${form.code}`, form.code);
    return send(reply, 200, { code: 200, message: '刪除成功' });
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { bearerToken } from '../../core/auth.js';
import { AppError } from '../../core/errors.js';
import { BAD_REQUEST_MESSAGE } from '../envelopes.js';
import { unknownUser } from '../errors.js';
import { flaskJson } from '../flask-json.js';
import { flattenFields, parseForm, readGetFormBody } from '../form.js';
import type { AdminActor, HostingService } from '../service.js';
import { BoardMateMessage, CodeDeleteForm, CodeForm, CodeList, CodeView, KeyQuery, UserForm, UserOverview, UserParams, UserUpdate } from '../wire.js';

/*
 * BoardMate-compatible admin API: `/api/user/<discord id>` and `/api/code`. Bodies and errors are
 * the original's (Flask `jsonify`: sorted keys, non-ASCII escaped), so existing bots keep working.
 */

const BODY_LIMIT = 64 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    hostingActor: AdminActor | null;
  }
}

const TAGS = ['hosting'];
const SECURITY: Array<Record<string, string[]>> = [{ hostingKey: [] }, { bearerKey: [] }];
const KEY_RULE =
  'The key is read from the form field `key` (urlencoded or multipart body, on every method, GET included, as BoardMate clients send it), `?key=` or `Authorization: Bearer`. A missing key is 400 `資料有誤`, a wrong one 403 `API Key錯誤`, before anything else is looked at.';
const Headers = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <key>' })),
  'content-type': Type.Optional(Type.String({ description: 'application/x-www-form-urlencoded or multipart/form-data' })),
});
const refusals = (...extra: Record<number, unknown>[]) =>
  Object.assign(
    {
      400: { ...BoardMateMessage, description: 'Missing key or malformed field: `{"code":400,"message":"資料有誤"}`' },
      403: { ...BoardMateMessage, description: '`{"code":403,"message":"API Key錯誤"}`' },
      429: { ...BoardMateMessage, description: 'Too many failed key attempts from this address' },
    },
    ...extra,
  );
const FORM_CONTENT = ['application/x-www-form-urlencoded', 'multipart/form-data'];
/** The media types a body is documented under: BoardMate's forms, and a JSON object, which is read too. */
const CONSUMES = [...FORM_CONTENT, 'application/json'];

export const adminApiRoutes: FastifyPluginAsyncTypebox<{ service: HostingService }> = async (app, { service }) => {
  app.decorateRequest('hostingActor', null);

  // Werkzeug reads form bodies and ignores any other: so does this scope (JSON objects are read too).
  for (const type of FORM_CONTENT) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, async (request: FastifyRequest, body: Buffer) =>
      parseForm(body, request.headers['content-type'] ?? type),
    );
  }
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, async () => undefined);

  // Every field the schemas reject is BoardMate's 資料有誤; an id that cannot be a user is its 404.
  app.setSchemaErrorFormatter((_errors, dataVar) =>
    dataVar === 'params' ? unknownUser() : new AppError('bad_request', BAD_REQUEST_MESSAGE, 'validation'),
  );
  // Response schemas document; the bytes are Flask's jsonify.
  app.setSerializerCompiler(() => flaskJson);

  // Before validation: a missing key is 400 and a wrong one 403, as in BoardMate, whatever else is wrong.
  app.addHook('preValidation', async (request) => {
    const fields = request.method === 'GET' ? await readGetFormBody(request, BODY_LIMIT) : flattenFields(request.body);
    if (request.method !== 'GET' && request.method !== 'HEAD') request.body = fields;
    const query = request.query as Record<string, unknown> | undefined;
    const queryKey = typeof query?.key === 'string' ? query.key : undefined;
    const key = fields.key ?? queryKey ?? bearerToken(request.headers.authorization);
    if (!key) throw new AppError('bad_request', BAD_REQUEST_MESSAGE, 'missing_key');
    const actor = await service.verifyAdminKey(key, request.ip);
    if (!actor) throw new AppError('forbidden', 'API Key錯誤', 'wrong_key');
    request.hostingActor = actor;
  });

  const actor = (request: FastifyRequest): AdminActor => {
    // Set by the hook above for every route of this scope; never fall back to "HOSTING_API_KEY".
    if (!request.hostingActor) throw new AppError('internal', 'admin API route reached without a verified key');
    return request.hostingActor;
  };

  app.get(
    '/api/user/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Get a user: money, resources (extras + defaults), resources in use, servers',
        description: `${KEY_RULE} Logged as \`搜尋用戶 <id>\`.`,
        security: SECURITY,
        params: UserParams,
        querystring: KeyQuery,
        headers: Headers,
        response: refusals({ 200: UserOverview, 404: { ...BoardMateMessage, description: '`未找到此用戶`' }, 502: { ...BoardMateMessage, description: 'The Pterodactyl panel failed' } }),
      },
    },
    async (request) => service.getUser(actor(request), request.params.id),
  );

  app.post(
    '/api/user/:id',
    {
      schema: {
        tags: TAGS,
        summary: "Overwrite a user's money and resource extras",
        description: `${KEY_RULE} Each given field replaces the stored value; the answer echoes the stored values (defaults not added). Logged as \`編輯用戶 <id> : {...}\`.`,
        security: SECURITY,
        params: UserParams,
        querystring: KeyQuery,
        headers: Headers,
        consumes: CONSUMES,
        body: UserForm,
        response: refusals({ 200: UserUpdate, 404: { ...BoardMateMessage, description: '`未找到此用戶`' } }),
      },
    },
    async (request) => service.updateUser(actor(request), request.params.id, request.body),
  );

  app.get(
    '/api/code',
    {
      schema: {
        tags: TAGS,
        summary: 'List every redeem code with its redeemers',
        description: `${KEY_RULE} Logged as \`查詢代碼\`.`,
        security: SECURITY,
        querystring: KeyQuery,
        headers: Headers,
        response: refusals({ 200: CodeList }),
      },
    },
    async (request) => service.listCodes(actor(request)),
  );

  app.post(
    '/api/code',
    {
      schema: {
        tags: TAGS,
        summary: 'Create or replace a redeem code (replacing resets its redeemers)',
        description: `${KEY_RULE} \`use\` and \`money\` are at least 1. Logged as \`新增/編輯代碼 <code> 可使用<use>次 可獲得<money>$\`.`,
        security: SECURITY,
        querystring: KeyQuery,
        headers: Headers,
        consumes: CONSUMES,
        body: CodeForm,
        response: refusals({ 200: CodeView }),
      },
    },
    async (request) => service.putCode(actor(request), request.body.code, request.body.use, request.body.money),
  );

  app.delete(
    '/api/code',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a redeem code',
        description: `${KEY_RULE} Logged as \`刪除代碼 <code>\`.`,
        security: SECURITY,
        querystring: KeyQuery,
        headers: Headers,
        consumes: CONSUMES,
        body: CodeDeleteForm,
        response: refusals({
          200: { ...BoardMateMessage, description: '`{"code":200,"message":"刪除成功"}`' },
          404: { ...BoardMateMessage, description: '`未找到此代碼`' },
        }),
      },
    },
    async (request) => {
      await service.deleteCode(actor(request), request.body.code);
      return { code: 200, message: '刪除成功' };
    },
  );
};

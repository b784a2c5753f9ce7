import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError } from '../../core/errors.js';
import type { HostingService } from '../service.js';
import {
  CreateServerBody,
  DeleteServerBody,
  Me,
  PanelMessage,
  PanelRefusal,
  PasswordReset,
  PurchaseResult,
  RedeemBody,
  RedeemResult,
  ServerChanged,
  ServerParams,
  ServerSize,
  ShopBody,
} from '../wire.js';
import { clearPanelCookie, SESSION_COOKIE } from './panel-session.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's Discord id on `/panel/api/*`. */
    panelUser: string;
  }
}

const TAGS = ['panel'];
const SECURITY = [{ panelSession: [] }];
/** What a state-changing call must carry (the cross-site check runs before the body is read). */
const StateChangingHeaders = Type.Object({
  origin: Type.Optional(Type.String({ description: "This panel's origin (or a Referer on it)" })),
  referer: Type.Optional(Type.String()),
  'content-type': Type.Optional(Type.String({ description: 'application/json' })),
});
const refusal = (description: string) => ({ ...PanelRefusal, description });
const common = {
  400: refusal('Malformed request, naming the field'),
  401: refusal('Not logged in (reason not_logged_in), or the session cookie has expired (session_expired)'),
  403: refusal('Cross-site call refused (bad_origin, bad_content_type)'),
};
const withPanel = { ...common, 409: refusal('Quota, lease or link conflict'), 429: refusal('Another server change is still running (busy)'), 502: refusal('Pterodactyl failed (panel_error)'), 503: refusal('HOSTING_CONFIG is not set') };

/** The panel's JSON API; the SPA is built on it and scripts can call it with the session cookie. */
export const panelApiRoutes: FastifyPluginAsyncTypebox<{ service: HostingService }> = async (app, { service }) => {
  app.decorateRequest('panelUser', '');
  // Before the body is validated: without a session the answer is 401, whatever the body.
  app.addHook('preValidation', async (request, reply) => {
    try {
      request.panelUser = await service.authenticate(request.cookies[SESSION_COOKIE]);
    } catch (err) {
      // A dead cookie is dropped, so the next visit starts at the login rather than here again.
      if (err instanceof AppError && err.reason === 'session_expired') clearPanelCookie(reply, SESSION_COOKIE);
      throw err;
    }
  });

  app.get(
    '/panel/api/me',
    { schema: { tags: TAGS, summary: 'The signed-in user: money, resources, servers, shop prices, eggs and nodes', security: SECURITY, response: { 200: Me, ...common } } },
    async (request) => service.me(request.panelUser),
  );

  app.post(
    '/panel/api/redeem',
    {
      schema: {
        tags: TAGS,
        summary: 'Redeem a code',
        security: SECURITY,
        headers: StateChangingHeaders,
        body: RedeemBody,
        response: { 200: RedeemResult, ...common, 404: refusal('Unknown code'), 409: refusal('Already redeemed, or used up') },
      },
    },
    async (request) => {
      const result = await service.redeem(request.panelUser, request.body.code);
      return { message: `兌換成功 (+${result.reward})`, money: result.money, reward: result.reward };
    },
  );

  app.post(
    '/panel/api/shop',
    {
      schema: {
        tags: TAGS,
        summary: 'Buy an amount of a resource at its configured price',
        security: SECURITY,
        headers: StateChangingHeaders,
        body: ShopBody,
        response: { 200: PurchaseResult, ...common, 402: refusal('Not enough money (not_enough_money)'), 503: refusal('HOSTING_CONFIG is not set') },
      },
    },
    async (request) => ({ message: '購買成功！', ...(await service.buy(request.panelUser, request.body.item, request.body.amount)) }),
  );

  app.post(
    '/panel/api/servers',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a server within the quota',
        security: SECURITY,
        headers: StateChangingHeaders,
        body: CreateServerBody,
        response: { 201: ServerChanged, ...withPanel },
      },
    },
    async (request, reply) => {
      const server = await service.createServer(request.panelUser, request.body);
      return reply.code(201).send({ message: '創建成功 (server created)', server });
    },
  );

  app.patch(
    '/panel/api/servers/:identifier',
    {
      schema: {
        tags: TAGS,
        summary: 'Resize one of your servers within the quota',
        security: SECURITY,
        headers: StateChangingHeaders,
        params: ServerParams,
        body: ServerSize,
        response: { 200: ServerChanged, ...withPanel, 404: refusal('No such server of yours') },
      },
    },
    async (request) => {
      const server = await service.resizeServer(request.panelUser, request.params.identifier, request.body);
      return { message: '修改成功', server };
    },
  );

  app.delete(
    '/panel/api/servers/:identifier',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete one of your servers; `confirm` must repeat its identifier',
        security: SECURITY,
        headers: StateChangingHeaders,
        params: ServerParams,
        body: DeleteServerBody,
        response: { 200: PanelMessage, ...withPanel, 404: refusal('No such server of yours') },
      },
    },
    async (request) => {
      await service.deleteServer(request.panelUser, request.params.identifier, request.body.confirm);
      return { message: '刪除成功' };
    },
  );

  app.post(
    '/panel/api/password',
    {
      schema: {
        tags: TAGS,
        summary: 'Set a fresh random Pterodactyl password, shown once',
        security: SECURITY,
        headers: StateChangingHeaders,
        response: { 200: PasswordReset, ...withPanel },
      },
    },
    async (request) => {
      const reset = await service.resetPassword(request.panelUser);
      return { message: '密碼已重設 (password reset); it is shown only once', ...reset };
    },
  );
};

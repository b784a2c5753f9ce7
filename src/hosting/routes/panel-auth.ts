import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError } from '../../core/errors.js';
import type { HostingService } from '../service.js';
import { PanelMessage, PanelRefusal } from '../wire.js';
import { SESSION_COOKIE, STATE_COOKIE, clearPanelCookie, cookieOptions, sessionCookieOptions } from './panel-session.js';

const STATE_TTL_MS = 10 * 60 * 1000;

const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  state: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  error: Type.Optional(Type.String({ maxLength: 512, description: 'Set by Discord when the user cancelled' })),
});

const sameString = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const TAGS = ['panel'];
const redirect = (description: string) => Type.Null({ description });

/** Discord login (authorization code + `state` cookie, which BoardMate lacked) and logout. */
export const panelAuthRoutes: FastifyPluginAsyncTypebox<{ service: HostingService }> = async (app, { service }) => {
  app.get(
    '/panel/login',
    {
      schema: {
        tags: TAGS,
        summary: 'Start the Discord login: sets the state cookie and redirects to Discord',
        description: 'Refusals are `{message, reason}` JSON, except to a browser navigating here, which gets an HTML page in its language.',
        response: { 302: redirect('To Discord'), 503: { ...PanelRefusal, description: 'HOSTING_CONFIG is not set' } },
      },
    },
    async (_request, reply) => {
      const { state, url } = service.beginLogin();
      reply.setCookie(STATE_COOKIE, state, cookieOptions(service, STATE_TTL_MS));
      return reply.redirect(url);
    },
  );

  app.get(
    '/panel/oauth/callback',
    {
      schema: {
        tags: TAGS,
        summary: 'Discord redirects here; a matching state opens a session and redirects to /panel/',
        description: 'Refusals are `{message, reason}` JSON, except to a browser navigating here (Sec-Fetch-Mode: navigate, or an Accept asking for text/html), which gets an HTML page in its language that says what to do next.',
        querystring: CallbackQuery,
        response: {
          302: redirect('To /panel/, with the session cookie'),
          400: { ...PanelRefusal, description: 'Cancelled, malformed, or the state does not match' },
          403: { ...PanelRefusal, description: 'The Discord account has no verified email' },
          502: { ...PanelRefusal, description: 'Discord or Pterodactyl failed' },
          503: PanelRefusal,
        },
      },
    },
    async (request, reply) => {
      const { code, state, error } = request.query;
      if (error !== undefined) throw new AppError('bad_request', `Discord 登入已取消 (Discord login was cancelled: ${error})`, 'login_cancelled');
      if (!code || !state) throw new AppError('bad_request', '登入資料有誤 (missing code or state)', 'bad_callback');
      const expected = request.cookies[STATE_COOKIE];
      clearPanelCookie(reply, STATE_COOKIE);
      if (!expected || !sameString(expected, state)) {
        throw new AppError('bad_request', '登入狀態不符，請重新登入 (login state mismatch; start again at /panel/login)', 'bad_state');
      }
      const token = await service.completeLogin(code);
      reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(service));
      return reply.redirect('/panel/');
    },
  );

  // POST for the panel's button and scripts; GET so a plain link works too (logging out is harmless to forge).
  app.post(
    '/panel/logout',
    { schema: { tags: TAGS, summary: 'End the session', security: [{ panelSession: [] }], response: { 200: PanelMessage } } },
    async (request, reply) => {
      await service.logout(request.cookies[SESSION_COOKIE]);
      clearPanelCookie(reply, SESSION_COOKIE);
      return { message: '已登出 (logged out)' };
    },
  );
  app.get(
    '/panel/logout',
    { schema: { tags: TAGS, summary: 'End the session and go back to the panel', security: [{ panelSession: [] }], response: { 302: redirect('To /panel/') } } },
    async (request, reply) => {
      await service.logout(request.cookies[SESSION_COOKIE]);
      clearPanelCookie(reply, SESSION_COOKIE);
      return reply.redirect('/panel/');
    },
  );
};

import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { loginUser } from '../accounts.js';
import { DiscordLoginError, type DiscordUser } from '../discord/oauth.js';
import { HostingError, notConfigured } from '../errors.js';
import type { HostingService } from '../service.js';
import { createSession, deleteSession, sessionUser } from '../sessions.js';
import { findUser } from '../users.js';
import { SESSION_COOKIE, STATE_COOKIE, cookieOptions, sessionCookieOptions } from './panel-session.js';

const STATE_TTL_MS = 10 * 60 * 1000;

const CallbackQuery = Compile(
  Type.Object({ code: Type.String({ minLength: 1, maxLength: 512 }), state: Type.String({ minLength: 1, maxLength: 512 }) }),
);

const sameString = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Discord login (authorization code + `state` cookie, which BoardMate lacked) and logout. */
export const panelAuthRoutes: FastifyPluginAsync<{ service: HostingService }> = async (app, { service }) => {
  app.get('/panel/login', async (_request, reply) => {
    if (!service.oauth) throw notConfigured();
    const state = service.oauth.newState();
    reply.setCookie(STATE_COOKIE, state, cookieOptions(service, STATE_TTL_MS));
    return reply.redirect(service.oauth.authorizationUrl(state).toString());
  });

  app.get('/panel/oauth/callback', async (request, reply) => {
    if (!service.oauth) throw notConfigured();
    const query = request.query as Record<string, unknown>;
    if (typeof query.error === 'string') {
      throw new HostingError(400, `Discord 登入已取消 (Discord login was cancelled: ${query.error})`, 'login_cancelled');
    }
    if (!CallbackQuery.Check(query)) throw new HostingError(400, '登入資料有誤 (missing code or state)', 'bad_callback');
    const expected = request.cookies[STATE_COOKIE];
    reply.clearCookie(STATE_COOKIE, { path: '/panel' });
    if (!expected || !sameString(expected, query.state)) {
      throw new HostingError(400, '登入狀態不符，請重新登入 (login state mismatch; start again at /panel/login)', 'bad_state');
    }
    let discord: DiscordUser;
    try {
      discord = await service.oauth.userFromCode(query.code);
    } catch (err) {
      if (err instanceof DiscordLoginError) throw new HostingError(502, `Discord 登入失敗 (${err.message})`, 'discord_error');
      throw err;
    }
    const result = await loginUser(service.deps, discord);
    const token = await createSession(service.deps, discord.id);
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(service));
    service.deps.notifier.notify(
      '登入通知',
      `<@${discord.id}> logged in${result.created ? ' for the first time' : ''}${result.panelAccountCreated ? ' (panel account created)' : ''}`,
    );
    return reply.redirect('/panel/');
  });

  const logout = async (token: string | undefined): Promise<void> => {
    if (!token) return;
    const id = await sessionUser(service.deps, token);
    await deleteSession(service.deps, token);
    if (id && (await findUser(service.deps, id))) service.deps.notifier.notify('登出通知', `<@${id}> logged out`);
  };

  // POST for the panel's button and scripts; GET so a plain link works too (logging out is harmless to forge).
  app.post('/panel/logout', async (request, reply) => {
    await logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/panel' });
    return reply.send({ message: '已登出 (logged out)' });
  });
  app.get('/panel/logout', async (request, reply) => {
    await logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/panel' });
    return reply.redirect('/panel/');
  });
};

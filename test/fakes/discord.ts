/**
 * A fake Discord OAuth2 provider and webhook endpoint, following Discord's documented API
 * (research §3): `/api/oauth2/authorize` (here it consents at once as `nextUser` and redirects
 * back with `code` and `state`), `/api/oauth2/token` (form-urlencoded only, client credentials by
 * HTTP Basic or in the body, single-use codes bound to the redirect URI), `/api/v10/users/@me`
 * (Bearer), and `/api/webhooks/:id/:token` (records embeds, 204). Real HTTP on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';

export interface FakeDiscordUser {
  id: string;
  username: string;
  global_name: string | null;
  avatar: string | null;
  discriminator: string;
  email: string | null;
  verified: boolean;
}

export interface FakeDiscord {
  /** API base to configure as `oauth.discord_api`, e.g. http://127.0.0.1:1234/api */
  apiBase: string;
  webhookUrl: string;
  clientId: string;
  clientSecret: string;
  /** The user who "consents" on the next authorize request. */
  nextUser: FakeDiscordUser | null;
  /** When true, the user presses "Cancel" on the consent screen: Discord redirects back with `error=access_denied`. */
  cancelConsent: boolean;
  /** When true, the token endpoint drops the connection, as an unreachable Discord would. */
  tokenDown: boolean;
  webhooks: { title: string; description: string }[];
  tokenRequests: Record<string, string>[];
  close(): Promise<void>;
}

export function discordUser(id: string, over: Partial<FakeDiscordUser> = {}): FakeDiscordUser {
  return { id, username: `user${id}`, global_name: `User ${id}`, avatar: null, discriminator: '0', email: `${id}@example.com`, verified: true, ...over };
}

export async function startFakeDiscord(opts: { clientId?: string; clientSecret?: string } = {}): Promise<FakeDiscord> {
  const clientId = opts.clientId ?? '1234567890';
  const clientSecret = opts.clientSecret ?? randomBytes(16).toString('hex');
  const codes = new Map<string, { user: FakeDiscordUser; redirectUri: string }>();
  const tokens = new Map<string, FakeDiscordUser>();
  const app = Fastify({ logger: false });
  await app.register(formbody);

  const fake: FakeDiscord = {
    apiBase: '',
    webhookUrl: '',
    clientId,
    clientSecret,
    nextUser: null,
    cancelConsent: false,
    tokenDown: false,
    webhooks: [],
    tokenRequests: [],
    async close() {
      await app.close();
    },
  };

  app.get('/api/oauth2/authorize', async (request, reply) => {
    const q = request.query as Record<string, string>;
    if (q.client_id !== clientId) return reply.code(400).send({ message: 'Invalid OAuth2 application', code: 50035 });
    if (q.response_type !== 'code' || !q.redirect_uri) return reply.code(400).send({ message: 'Invalid OAuth2 request', code: 50035 });
    if (fake.cancelConsent) {
      const back = new URL(q.redirect_uri);
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The resource owner or authorization server denied the request');
      if (q.state !== undefined) back.searchParams.set('state', q.state);
      return reply.redirect(back.toString());
    }
    if (!fake.nextUser) return reply.code(400).send({ message: 'no user is signed in to the fake', code: 0 });
    const code = randomBytes(12).toString('hex');
    codes.set(code, { user: fake.nextUser, redirectUri: q.redirect_uri });
    const target = new URL(q.redirect_uri);
    target.searchParams.set('code', code);
    if (q.state !== undefined) target.searchParams.set('state', q.state);
    return reply.redirect(target.toString());
  });

  app.post('/api/oauth2/token', async (request, reply) => {
    if (fake.tokenDown) {
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'Unsupported content type' });
    }
    const body = request.body as Record<string, string>;
    fake.tokenRequests.push(body);
    let id = body.client_id;
    let secret = body.client_secret;
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '');
    if (basic?.[1]) {
      const [u, p] = Buffer.from(basic[1], 'base64').toString().split(':');
      id = u;
      secret = p;
    }
    if (id !== clientId || secret !== clientSecret) return reply.code(401).send({ error: 'invalid_client' });
    if (body.grant_type !== 'authorization_code') return reply.code(400).send({ error: 'unsupported_grant_type' });
    const entry = body.code ? codes.get(body.code) : undefined;
    if (!entry || entry.redirectUri !== body.redirect_uri) {
      return reply.code(400).send({ error: 'invalid_grant', error_description: 'Invalid "code" in request.' });
    }
    codes.delete(body.code as string);
    const access = randomBytes(15).toString('hex');
    tokens.set(access, entry.user);
    return { access_token: access, token_type: 'Bearer', expires_in: 604800, refresh_token: randomBytes(15).toString('hex'), scope: 'identify email' };
  });

  const me = async (request: { headers: Record<string, string | string[] | undefined> }, reply: { code(n: number): { send(b: unknown): unknown } }) => {
    const m = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''));
    const user = m?.[1] ? tokens.get(m[1]) : undefined;
    if (!user) return reply.code(401).send({ message: '401: Unauthorized', code: 0 });
    return user;
  };
  app.get('/api/v10/users/@me', me);
  app.get('/api/users/@me', me);

  app.post('/api/webhooks/:id/:token', async (request, reply) => {
    const body = request.body as { embeds?: { title?: string; description?: string }[] };
    for (const e of body.embeds ?? []) fake.webhooks.push({ title: e.title ?? '', description: e.description ?? '' });
    return reply.code(204).send();
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake discord: no TCP address');
  fake.apiBase = `http://127.0.0.1:${address.port}/api`;
  fake.webhookUrl = `${fake.apiBase}/webhooks/111/secret-token`;
  return fake;
}

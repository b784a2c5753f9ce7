import { OAuth2Client, OAuth2RequestError, generateState } from 'arctic';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Discord OAuth2 authorization-code login. arctic's `Discord` provider hard-codes discord.com, so
 * its generic `OAuth2Client` is used with endpoints derived from the configurable API base
 * (`oauth.discord_api`, default https://discord.com/api); `{base}/oauth2/authorize` is an accepted
 * alias of Discord's authorize page.
 */

const DiscordUserSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,25}$' }),
  username: Type.String(),
  global_name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  avatar: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  verified: Type.Optional(Type.Boolean()),
});
export type DiscordUser = Static<typeof DiscordUserSchema>;

export class DiscordLoginError extends Error {
  override name = 'DiscordLoginError';
}

export const DISCORD_SCOPES = ['identify', 'email'];

export class DiscordOAuth {
  private readonly client: OAuth2Client;

  constructor(
    private readonly apiBase: string,
    clientId: string,
    clientSecret: string,
    redirectUri: string,
  ) {
    this.client = new OAuth2Client(clientId, clientSecret, redirectUri);
  }

  newState(): string {
    return generateState();
  }

  authorizationUrl(state: string): URL {
    return this.client.createAuthorizationURL(`${this.apiBase}/oauth2/authorize`, state, DISCORD_SCOPES);
  }

  /** Exchanges the code and reads the user it belongs to; every failure becomes a DiscordLoginError. */
  async userFromCode(code: string): Promise<DiscordUser> {
    let accessToken: string;
    try {
      const tokens = await this.client.validateAuthorizationCode(`${this.apiBase}/oauth2/token`, code, null);
      accessToken = tokens.accessToken();
    } catch (err) {
      if (err instanceof OAuth2RequestError) {
        throw new DiscordLoginError(`Discord refused the login code (${err.code})`);
      }
      throw new DiscordLoginError(`Discord token exchange failed: ${(err as Error).message}`);
    }
    let res: Response;
    try {
      res = await fetch(`${this.apiBase}/v10/users/@me`, {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new DiscordLoginError(`Discord unreachable: ${(err as Error).message}`);
    }
    if (!res.ok) throw new DiscordLoginError(`Discord user lookup failed with HTTP ${res.status}`);
    const json: unknown = await res.json().catch(() => null);
    if (!Value.Check(DiscordUserSchema, json)) throw new DiscordLoginError('Discord returned an unexpected user object');
    return json;
  }
}

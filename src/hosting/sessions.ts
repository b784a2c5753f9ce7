import { createHash, randomBytes } from 'node:crypto';
import type { HostingDeps } from './deps.js';

/** Panel sessions live in the database (so they survive restarts and work on every node); only a hash of the token is stored. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(deps: HostingDeps, discordId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  await deps.db
    .insertInto('hosting_sessions')
    .values({
      token_hash: hash(token),
      discord_id: discordId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    })
    .execute();
  return token;
}

export async function sessionUser(deps: HostingDeps, token: string): Promise<string | null> {
  const row = await deps.db
    .selectFrom('hosting_sessions')
    .select('discord_id')
    .where('token_hash', '=', hash(token))
    .where('expires_at', '>', deps.clock.now().toISOString())
    .executeTakeFirst();
  return row?.discord_id ?? null;
}

export async function deleteSession(deps: HostingDeps, token: string): Promise<void> {
  await deps.db.deleteFrom('hosting_sessions').where('token_hash', '=', hash(token)).execute();
  // Logging out is a natural moment to drop anyone's expired sessions, keeping the table small without a timer.
  await deps.db.deleteFrom('hosting_sessions').where('expires_at', '<=', deps.clock.now().toISOString()).execute();
}

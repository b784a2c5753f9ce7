import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { AppContext } from '../core/context.js';
import type { ApiKeyRecord } from '../core/keys.js';
import type { HubService, StoredEvent } from '../hub/service.js';
import { hasCriteria, toPlayerQuery } from './normalize.js';
import { Limits, type PublicInfo } from './wire.js';
import { ownerOf } from './access.js';
import { redactMatches } from './hit-redaction.js';
import type { BlacklistAudit, BlacklistService } from './service.js';

/** Player events whose data may carry a gamertag with its XUID. */
const PLAYER_EVENTS = ['player_join', 'player_leave', 'player_quit', 'player_chat', 'player_death', 'player_advancement'];

const CheckPlayerMessage = Compile(
  Type.Object({
    type: Type.Literal('check_player'),
    request_id: Type.String({ minLength: 1, maxLength: 128 }),
    name: Type.Optional(Type.String({ maxLength: Limits.name })),
    xuid: Type.Optional(Type.String({ maxLength: Limits.xuid })),
    qq: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Integer({ minimum: 0 })])),
  }),
);

/** The player of a join as the mods report it (`player`, `player_name` or `name`), and its XUID. */
export function playerOf(data: Record<string, unknown>): { name: string | undefined; xuid: string | undefined } {
  const pick = (...fields: string[]) => {
    for (const field of fields) {
      const value = data[field];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
    return undefined;
  };
  const xuid = pick('xuid');
  return { name: pick('player', 'player_name', 'name'), xuid: xuid !== undefined && /^\d{1,32}$/.test(xuid) ? xuid : undefined };
}

/** Strips what could end the command line or split an argument the game would parse. */
function oneLine(value: string): string {
  return value.replace(/[\p{Cc}"]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** The words a listed player is kicked with: the hub's own kick and `check_player_result` agree. */
export function kickMessage(name: string, template: string, match: PublicInfo): string {
  return oneLine(
    template
      .replaceAll('{name}', oneLine(name))
      .replaceAll('{reason}', match.info === '' ? '-' : match.info)
      .replaceAll('{level}', String(match.level))
      .replaceAll('{uuid}', match.uuid),
  ).slice(0, 256);
}

export function kickCommand(name: string, template: string, match: PublicInfo): string {
  const player = oneLine(name);
  // Bedrock gamertags may contain spaces; quoted they stay one argument.
  return `kick ${player.includes(' ') ? `"${player}"` : player} ${kickMessage(name, template, match)}`;
}

/**
 * Keeps listed players out of connected game servers: a server key's `player_join` is checked
 * against the public list and its regular key's repositories; a hit kicks, audits and broadcasts.
 * Also answers `check_player` over the WebSocket.
 */
export function registerEnforcement(ctx: AppContext, hub: HubService, blacklist: BlacklistService, audit: BlacklistAudit): void {
  const log = ctx.log.child({ module: 'blacklist' });

  /** The kick command carries the first match's reason: shown only when that piece is public. */
  async function hitData(first: PublicInfo, matches: PublicInfo[], data: { command: string } & Record<string, unknown>) {
    const visible = await blacklist.publicRepositories(matches.map((m) => m.black_id));
    const { command, ...rest } = data;
    return { ...rest, ...(visible.has(first.black_id) ? { command } : {}), matches: redactMatches(matches, visible) };
  }

  async function onJoin(stored: StoredEvent, source: ApiKeyRecord, name: string, xuid: string | undefined) {
    const settings = await blacklist.getSettings(ownerOf(source));
    if (!settings.enforce) return;
    const matches = (await blacklist.checkPlayer(toPlayerQuery({ name, xuid }), source)).filter((m) => m.level >= settings.min_level);
    const first = matches[0];
    if (!first) return;
    const serverId = source.serverId ?? source.id;
    const command = kickCommand(name, settings.message, first);
    await audit(source, 'enforce.kick', name, { serverId, xuid: xuid ?? null, eventId: stored.id, matches: matches.map((m) => m.uuid), command }, 'sent');
    await hub.publishEvent(
      {
        event_type: 'blacklist_hit',
        server_name: stored.event.server_name,
        timestamp: ctx.clock.now().toISOString(),
        data: await hitData(first, matches, { player: name, xuid: xuid ?? '', server_id: serverId, join_event_id: stored.id, command }),
      },
      source.id,
    );
    // The kick waits for the game server's answer (up to the command timeout): never on the event path.
    void hub.sendCommand(serverId, command).then(
      (result) => audit(source, 'enforce.kick_result', name, { serverId, output: result.output }, result.success ? 'ok' : 'failed'),
      (err: unknown) => {
        log.warn({ err, serverId, player: name }, 'blacklist kick not delivered');
        return audit(source, 'enforce.kick_result', name, { serverId, error: (err as Error).message }, 'undelivered');
      },
    ).catch((err: unknown) => log.error({ err }, 'recording a kick result failed'));
  }

  hub.onEvent(PLAYER_EVENTS, async (stored, source) => {
    if (!source) return;
    const { name, xuid } = playerOf(stored.event.data);
    if (name === undefined || name.length > Limits.name) return;
    if (xuid !== undefined) await blacklist.rememberXuid(name, xuid);
    if (stored.event.event_type === 'player_join' && source.keyType === 'server') await onJoin(stored, source, name, xuid);
  });

  hub.registerMessageHandler('check_player', async (message, { key, reply }) => {
    if (!CheckPlayerMessage.Check(message)) {
      const requestId = typeof message.request_id === 'string' ? message.request_id.slice(0, 128) : null;
      reply({ type: 'error', request_id: requestId, detail: 'check_player needs a request_id and a name, xuid or qq (strings)' });
      return;
    }
    const query = toPlayerQuery({ name: message.name, xuid: message.xuid, qq: message.qq });
    if (!hasCriteria(query)) {
      reply({ type: 'error', request_id: message.request_id, detail: 'check_player needs a non-empty name, a numeric xuid or a numeric qq' });
      return;
    }
    const matches = await blacklist.checkPlayer(query, key);
    const settings = await blacklist.getSettings(ownerOf(key));
    // `banned` is what enforcement would do; `matches` lists every hit, below the minimum level too.
    const first = matches.find((m) => m.level >= settings.min_level);
    const name = message.name?.trim() || first?.name || '';
    reply({
      type: 'check_player_result',
      request_id: message.request_id,
      banned: first !== undefined,
      // An agent that kicks by itself uses exactly the words the hub's own kick would.
      message: first ? kickMessage(name, settings.message, first) : null,
      matches,
    });
  });
}

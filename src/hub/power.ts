import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError } from '../core/errors.js';
import { powerFits } from './power-rule.js';
import type { ServerInfo, ServerRelay } from './servers.js';
import type { PowerAction } from './wire.js';

export type { PowerAction } from './wire.js';

export interface PowerResult {
  success: boolean;
  detail: string;
}

const PowerResultSchema = Type.Object({
  type: Type.Literal('power_result'),
  request_id: Type.String({ minLength: 1, maxLength: 128 }),
  success: Type.Boolean(),
  detail: Type.Optional(Type.String({ maxLength: 4096 })),
});
export const PowerResultMessage = Compile(PowerResultSchema);
export type PowerResultMessageT = Static<typeof PowerResultSchema>;

/**
 * Why the hub refuses an action before asking the agent, or null. Only an agent that owns the
 * process can start or kill it; an attached one could at best send `stop` as a command. An
 * unreported state is left to the agent to judge.
 */
export function powerConflict(info: ServerInfo, action: PowerAction): string | null {
  if (info.mode !== 'wrap') return `Power actions need an agent that wraps the server process (server '${info.server_id}' reports mode ${info.mode ?? 'unknown'})`;
  return powerFits(action, info.state) ? null : `Cannot ${action} server '${info.server_id}' while it is ${info.state}`;
}

/** Asks the wrapping agent for a power action: unavailable, conflict (refused by the hub) or timeout; else the agent's answer as is. */
export async function sendPower(relay: ServerRelay, serverId: string, action: PowerAction): Promise<PowerResult> {
  const info = await relay.info(serverId);
  if (info.status === 'offline') throw relay.unavailable(serverId);
  const conflict = powerConflict(info, action);
  if (conflict !== null) throw new AppError('conflict', conflict);
  return relay.request<PowerResult>(serverId, { type: 'power', action }, 'power_result');
}

import { status, statusBedrock } from 'minecraft-server-util';
import { stripCodes } from './strip-codes.js';

export interface PingResult {
  online: number;
  max: number;
  version: string;
  motd: string;
  /** At most ~12 names, empty with `hide-online-players`: a sample, not the player list. */
  sample: string[];
}

/** Java Server List Ping, as the multiplayer screen asks. SRV lookups are off: the operator gives the address. */
export async function pingJava(host: string, port: number, timeoutMs = 5000): Promise<PingResult> {
  const answer = await status(host, port, { timeout: timeoutMs, enableSRV: false });
  return {
    online: answer.players.online,
    max: answer.players.max,
    version: stripCodes(answer.version.name),
    motd: answer.motd.clean,
    sample: (answer.players.sample ?? []).map((player) => stripCodes(player.name)),
  };
}

/** Bedrock's RakNet unconnected ping (BDS has no other status interface). */
export async function pingBedrock(host: string, port: number, timeoutMs = 5000): Promise<PingResult> {
  const answer = await statusBedrock(host, port, { timeout: timeoutMs, enableSRV: false });
  return { online: answer.players.online, max: answer.players.max, version: answer.version.name, motd: answer.motd.clean, sample: [] };
}

/** `host:port`, `host`, or `[::1]:25565`. */
export function parseHostPort(value: string, defaultPort: number): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) throw new Error(`'${value}' is not host:port`);
  const port = match[3] === undefined ? defaultPort : Number(match[3]);
  if (port < 1 || port > 65535) throw new Error(`'${value}': the port must be 1 to 65535`);
  return { host: match[1] ?? match[2]!, port };
}

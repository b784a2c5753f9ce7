import { isIPv6 } from 'node:net';
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

/** `§` codes the library's cleaner missed (a JSON motd can carry them in text); line breaks stay. */
function stripSection(text: string): string {
  return text.replace(/\u00a7[\s\S]?/g, '');
}

/** Java Server List Ping, as the multiplayer screen asks. SRV lookups are off: the operator gives the address. */
export async function pingJava(host: string, port: number, timeoutMs = 5000): Promise<PingResult> {
  const answer = await status(host, port, { timeout: timeoutMs, enableSRV: false });
  return {
    online: answer.players.online,
    max: answer.players.max,
    version: stripCodes(answer.version.name),
    motd: stripSection(answer.motd.clean),
    sample: (answer.players.sample ?? []).map((player) => stripCodes(player.name)),
  };
}

/**
 * Bedrock's RakNet unconnected ping (BDS has no other status interface). The library appends the
 * level name to the motd as a second line; the motd is the first. IPv4 only (the library's socket is udp4).
 */
export async function pingBedrock(host: string, port: number, timeoutMs = 5000): Promise<PingResult> {
  const answer = await statusBedrock(host, port, { timeout: timeoutMs, enableSRV: false });
  return {
    online: answer.players.online,
    max: answer.players.max,
    version: stripCodes(answer.version.name),
    motd: stripSection(answer.motd.clean.split('\n')[0] ?? ''),
    sample: [],
  };
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/**
 * `host:port`, `host`, `[::1]:25565`, `[::1]` or a bare IPv6 address (brackets needed to add a
 * port). Hand-written: `new URL()` would also accept credentials, paths and percent-escapes.
 */
export function parseHostPort(value: string, defaultPort: number): { host: string; port: number } {
  const text = value.trim();
  const usage = `'${value}' is not an address: expected host, host:port or [IPv6]:port`;
  if (isIPv6(text)) return { host: text, port: defaultPort };
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::([^:]*))?$/.exec(text);
  if (!match) throw new Error(usage);
  const [, v6, name, portText] = match;
  if (v6 !== undefined && !isIPv6(v6)) throw new Error(`'${value}': '${v6}' is not an IPv6 address`);
  if (name !== undefined && !HOSTNAME.test(name)) throw new Error(usage);
  let port = defaultPort;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new Error(`'${value}': the port must be a number from 1 to 65535`);
  }
  return { host: v6 ?? name!, port };
}

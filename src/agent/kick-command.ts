// Control characters (a newline above all) would end the console line and run a second command.
const CONTROL = /[\x00-\x1f\x7f-\x9f]+/g;
/** What Brigadier (Java) reads as an unquoted word; anything else, a space in a gamertag above all, needs quotes. */
const UNQUOTED = /^[0-9A-Za-z_.+-]+$/;

/** `kick Steve msg` or `kick "Two Words" msg`, as one console line both Java and Bedrock servers read. */
export function formatKick(player: string, message: string): string {
  const name = player.replace(CONTROL, ' ').replace(/["\\]/g, '').trim();
  if (name === '') throw new Error('a kick needs a player name');
  const reason = message.replace(CONTROL, ' ').replace(/["\\]/g, '').replace(/\s+/g, ' ').trim();
  const target = UNQUOTED.test(name) ? name : `"${name}"`;
  return reason === '' ? `kick ${target}` : `kick ${target} ${reason}`;
}

const KICK = /^\/?kick\s+(?:"([^"]*)"|(\S+))(?:\s+([\s\S]*))?$/i;

/** The player and message of a `kick` console command in either form; null for anything else. */
export function parseKick(command: string): { player: string; message: string } | null {
  const match = KICK.exec(command.trim());
  if (!match) return null;
  const player = match[1] ?? match[2] ?? '';
  if (player === '') return null;
  return { player, message: (match[3] ?? '').trim() };
}

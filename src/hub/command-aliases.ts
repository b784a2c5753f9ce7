/**
 * Names that reach the same command on some server software. Blocking any name of a group blocks
 * the whole group, so an operator who blocks `reload` also blocks Bukkit's `rl`. Listed in
 * README.md ("Admin blocked commands"); keep the two in step.
 */
export const COMMAND_ALIAS_GROUPS: readonly (readonly string[])[] = [
  // BungeeCord's `end` and Velocity's `shutdown` stop a proxy the agent may be attached to.
  ['stop', 'end', 'shutdown'],
  // Bukkit registers `reload` with the alias `rl`.
  ['reload', 'rl'],
  // Bedrock Dedicated Server renamed `whitelist` to `allowlist`.
  ['whitelist', 'allowlist'],
  // EssentialsX replaces the vanilla ban commands with its own, each with an `e` alias.
  ['ban', 'eban', 'tempban', 'etempban'],
  ['ban-ip', 'banip', 'eban-ip', 'ebanip', 'tempbanip', 'etempbanip'],
  ['banlist', 'ebanlist'],
  ['pardon', 'unban', 'eunban', 'epardon'],
  ['pardon-ip', 'pardonip', 'unbanip', 'eunbanip', 'epardonip'],
  ['kick', 'ekick', 'kickall', 'ekickall'],
  // Bedrock's `save hold|resume|query` is its save-off/save-on/save-all.
  ['save-all', 'save'],
  ['save-off', 'save'],
  ['save-on', 'save'],
  // Vanilla and Bukkit aliases, for commands an operator adds to ADMIN_BLOCKED_COMMANDS.
  ['teleport', 'tp'],
  ['tell', 'msg', 'w'],
  ['experience', 'xp'],
  ['plugins', 'pl'],
  ['version', 'ver', 'about'],
  ['help', '?'],
];

/** Every name equivalent to `name`, itself included. */
export function aliasesOf(name: string): string[] {
  const out = new Set([name]);
  for (const group of COMMAND_ALIAS_GROUPS) if (group.includes(name)) for (const n of group) out.add(n);
  return [...out];
}

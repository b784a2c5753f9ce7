import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let regularKey: string;
let game: FakeGameServer;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_BLOCKED_COMMANDS: 'tp', ADMIN_ALLOWED_COMMANDS: 'save-all' });
  const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'srv', server_id: 'policy-1' } })).body;
  regularKey = pair.regularKey.key;
  game = await FakeGameServer.connect(server.wsUrl, pair.serverKey.key);
  // The status report proves the server is connected before the table runs.
  while ((await api(server.url, 'GET', '/api/server/info', { key: regularKey })).body.online_players !== 5) {
    await new Promise((r) => setTimeout(r, 20));
  }
});
afterAll(async () => {
  game.close();
  await server.close();
});

const send = (key: string, command: string) => api(server.url, 'POST', '/api/server/command', { key, body: { command, server_id: 'policy-1' } });

const nest = (depth: number, command: string) => 'execute run '.repeat(depth) + command;

/** Attempts an admin key must not get through, each with what it tries. */
const bypasses: Array<[string, string]> = [
  ['execute unless entity run run stop', 'a player named run before the real run'],
  ['execute as run run stop', 'entity argument named run'],
  ['execute at run run op Mallory', 'at with an entity named run'],
  ['execute positioned as run run stop', 'positioned as <entity>'],
  ['execute facing entity run eyes run stop', 'facing entity <target> <anchor>'],
  ['execute rotated as run run stop', 'rotated as <entity>'],
  ['execute if score run run matches 1.. run stop', 'score holder and objective named run'],
  ['execute store result score run run run stop', 'store into a score named run'],
  ['execute if data entity run Inventory run stop', 'data target named run'],
  ['execute summon run run stop', 'summon an entity type named run'],
  ['execute in run run stop', 'dimension named run'],
  [nest(16, 'op Mallory'), '16 nested run wrappers'],
  [nest(40, 'stop'), '40 nested run wrappers'],
  ['execute as @a run execute at @s run execute if entity @s run ban Mallory', 'mixed nesting'],
  ['execute if score x[ y] matches 1.. run stop', 'a score holder read up to the space'],
  ['execute as @a[name="x run stop"] run say hi', 'run hidden inside a selector'],
  ['execute as @a[tag=x run stop', 'unterminated selector'],
  ['execute as "x run stop', 'unterminated quote'],
  ['execute if block ~ ~ ~ stone[ run stop', 'unterminated block state'],
  ['execute frobnicate run stop', 'unknown subcommand'],
  ['execute as @a unknown run stop', 'unknown subcommand after a known one'],
  ['execute if score @s x > run stop run stop', 'a comparison whose source is named run'],
  ['execute if score @s x matches run stop', 'a range named run'],
  ['execute @a ~ ~ ~ stop', "Bedrock's legacy execute"],
  ['execute @a ~ ~ ~ detect ~ ~-1 ~ stone 0 kick Mallory', 'legacy execute with detect'],
  ['execute run return run stop', 'return run'],
  ['return run deop Mallory', 'return run at the top'],
  ['sudo Mallory stop', 'EssentialsX sudo'],
  ['rl', "Bukkit's reload alias"],
  ['bukkit:rl confirm', 'namespaced Bukkit alias'],
  ['RL', 'alias in upper case'],
  ['bukkit:reload', 'namespaced reload'],
  ['spigot:restart', 'Spigot namespace'],
  ['paper:stop', 'Paper namespace'],
  ['minecraft:bukkit:stop', 'two namespaces'],
  ['allowlist add Mallory', 'Bedrock allowlist'],
  ['save hold', 'Bedrock save hold'],
  ['eban Mallory', 'EssentialsX ban'],
  ['tempban Mallory 1d', 'EssentialsX tempban'],
  ['unban Mallory', 'EssentialsX unban'],
  ['ekick Mallory', 'EssentialsX kick'],
  ['end', 'BungeeCord end'],
  ['teleport Mallory 0 0 0', 'alias of an operator-blocked command (tp)'],
  ['/execute run /minecraft:stop', 'slashes and namespaces after run'],
  ['\tstop', 'leading tab'],
  ['execute\u00a0run\u00a0stop', 'no-break spaces'],
  ['execute\u3000run\u3000stop', 'ideographic spaces'],
  ['execute\trun\tstop', 'tabs between arguments'],
  ['ѕtop', 'Cyrillic look-alike s'],
  ['ｓｔｏｐ', 'fullwidth letters'],
  ['st\u200bop', 'zero-width space in the name'],
  ['execute run ѕtop', 'look-alike after run'],
  ['execute as', 'incomplete chain'],
  ['execute run', 'run without a command'],
];

/** Refused for every key type, with 400. */
const malformed: Array<[string, string]> = [
  ['say hi\nstop', 'Command must be a single line'],
  ['say hi\r\nstop', 'Command must be a single line'],
  ['say hi\rstop', 'Command must be a single line'],
  ['say hi\u2028stop', 'Command must be a single line'],
  ['say hi\u0085stop', 'Command must be a single line'],
  ['stop\n', 'Command must be a single line'],
  ['say \u0000stop', 'Command must not contain control characters'],
  ['say x\u007f\u007f\u007fstop', 'Command must not contain control characters'],
  ['say \u001b[2Kstop', 'Command must not contain control characters'],
];

/** Commands an admin key must still run. */
const legitimate = [
  'say stop the fight',
  'tellraw @a "stop"',
  'tellraw @a {"text":"run stop"}',
  'execute as @a run say hi',
  'execute as @a at @s run particle flame ~ ~1 ~',
  'execute as @a[tag=builder,limit=1] at @s positioned ~ ~1 ~ run say above',
  'execute if entity @a[name="Some Player"] run say found',
  'execute unless entity @e[type=zombie] run say safe',
  'execute store result score @s points run data get entity @s XpLevel',
  'execute if score @s points matches 10.. run give @s diamond',
  'execute if score @s a >= @s b run say ahead',
  'execute positioned over world_surface run say top',
  'execute facing entity @p eyes run say look',
  'execute rotated as @p run say turned',
  'execute in minecraft:the_nether run say nether',
  'execute on passengers run say riding',
  'execute summon minecraft:armor_stand run say new',
  'execute if block ~ ~-1 ~ minecraft:stone[facing=north] run say stone',
  'execute if data storage demo:store list[{name:"a b"}] run say data',
  'execute if items entity @s weapon.mainhand minecraft:diamond_sword run say armed',
  'execute align xz anchored eyes run say aligned',
  'execute if entity @a',
  'execute @a ~ ~ ~ say legacy',
  'list',
  'time set day',
  'weather clear',
  'say\thello\tthere',
  'say こんにちは',
  'msg Steve stop griefing',
  'gamerule keepInventory true',
  'scoreboard players set run points 1',
  'function demo:stop',
  'return 1',
  'sudo Steve c:hello',
  // Allowed by ADMIN_ALLOWED_COMMANDS; Bedrock's `save` stays blocked through save-on/save-off.
  'save-all',
];

describe('admin command policy', () => {
  it('covers at least 60 attempts', () => {
    expect(bypasses.length + malformed.length + legitimate.length).toBeGreaterThanOrEqual(60);
  });

  it.each(bypasses)('refuses %j (%s) for an admin key', async (command) => {
    const before = game.commands.length;
    const res = await send(server.adminKey, command);
    expect(res).toMatchObject({ status: 403, body: { detail: 'Command is not allowed for Admin Key' } });
    expect(game.commands.length).toBe(before);
  });

  it.each(malformed)('refuses %j with 400 for every key type', async (command, detail) => {
    const before = game.commands.length;
    for (const key of [server.adminKey, regularKey]) {
      expect(await send(key, command)).toMatchObject({ status: 400, body: { detail } });
    }
    expect(game.commands.length).toBe(before);
  });

  it.each(legitimate)('lets an admin key run %j', async (command) => {
    const res = await send(server.adminKey, command);
    expect(res.status).toBe(200);
    expect(game.commands.at(-1)?.command).toBe(command);
  });

  it('lets a regular key run blocked commands, as the spec says', async () => {
    expect((await send(regularKey, 'execute unless entity run run stop')).status).toBe(200);
  });

  it('audits the refusal with what was blocked', async () => {
    await send(server.adminKey, 'execute unless entity run run stop');
    const audit = await api(server.url, 'GET', '/manage/audit?action=server.command&limit=5', { key: server.adminKey });
    expect(audit.body.entries[0]).toMatchObject({ result: 'blocked', detail: { blocked: 'stop' } });
  });
});

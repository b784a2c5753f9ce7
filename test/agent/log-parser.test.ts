import { describe, expect, it } from 'vitest';
import { DEATH_MESSAGES, OTHER_VERSION_DEATH_MESSAGES } from '../../src/agent/death-messages.js';
import { createLogParser } from '../../src/agent/log-parser.js';

const VANILLA = '[10:00:00] [Server thread/INFO]: ';
const CONSOLE = '[10:00:00 INFO]: ';
const BDS = '[2025-01-15 10:00:00:123 INFO] ';

const fill = (template: string) => template.replace('%1$s', 'Steve').replace('%2$s', 'Zombie Pigman').replace('%3$s', '[Sword of "Doom"]');

describe('death messages', () => {
  it('holds the 1.21.4 table (99 templates naming a victim) and older wordings', () => {
    expect(Object.keys(DEATH_MESSAGES)).toHaveLength(99);
    expect(Object.values(DEATH_MESSAGES).every((t) => t.startsWith('%1$s '))).toBe(true);
    expect(Object.values(OTHER_VERSION_DEATH_MESSAGES)).toContain('%1$s hit the ground too hard whilst trying to escape %2$s');
  });

  it('recognises every template, with the whole body as the message', () => {
    const parser = createLogParser('vanilla');
    for (const template of [...Object.values(DEATH_MESSAGES), ...Object.values(OTHER_VERSION_DEATH_MESSAGES)]) {
      const body = fill(template);
      expect(parser.parse(VANILLA + body), template).toEqual({ kind: 'death', player: 'Steve', message: body });
    }
  });

  it('is not fooled by lines that merely start like one', () => {
    const parser = createLogParser('vanilla');
    for (const body of ['Steve was', 'Steve was here', 'Steve drowned in paperwork', 'Steve fell', 'Steve died laughing', 'Not-A-Name was slain by Zombie', 'A_name_far_too_long was slain by Zombie']) {
      expect(parser.parse(VANILLA + body), body).toBeNull();
    }
  });
});

describe('log parser', () => {
  it('reads a join only from the server: not a plugin, another thread, a mod logger, a warning or chat', () => {
    const paper = createLogParser('paper');
    expect(paper.parse(`${CONSOLE}[SomePlugin] Steve joined the game`)).toBeNull();
    expect(paper.parse(`${CONSOLE}<Mallory> ${VANILLA}Steve joined the game`)).toEqual({ kind: 'chat', player: 'Mallory', message: `${VANILLA}Steve joined the game` });
    expect(paper.parse(`${CONSOLE}Steve joined the game`)).toEqual({ kind: 'join', player: 'Steve' });
    const vanilla = createLogParser('vanilla');
    expect(vanilla.parse('[10:00:00] [Craft Scheduler Thread - 1/INFO]: Steve joined the game')).toBeNull();
    expect(vanilla.parse('[10:00:00] [Server thread/WARN]: Steve joined the game')).toBeNull();
    expect(vanilla.parse('[10:00:00] [Server thread/INFO] [somemod/]: Steve joined the game')).toBeNull();
    expect(vanilla.parse('[10:00:00] [Server thread/INFO] (Minecraft) Steve joined the game')).toEqual({ kind: 'join', player: 'Steve' });
    expect(vanilla.parse('[10:00:00] [Server thread/INFO] (SomeMod) Steve joined the game')).toBeNull();
    expect(vanilla.parse(`[10:00:00] [User Authenticator #1/INFO]: Steve joined the game`)).toBeNull();
    expect(vanilla.parse(`${VANILLA}[Server] UUID of player X is 069a79f4-44e9-4726-a5be-fca90e38aaf5`)).toBeNull();
  });

  it('gives the UUID in its dashed lower-case form however the server prints it', () => {
    const parser = createLogParser('vanilla');
    expect(parser.parse('[10:00:00] [User Authenticator #1/INFO]: UUID of player Steve is 069A79F444E94726A5BEFCA90E38AAF5')).toEqual({ kind: 'identity', player: 'Steve', uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5' });
  });

  it('a lost connection is not a leave; the left line that follows is', () => {
    const parser = createLogParser('vanilla');
    expect(parser.parse(`${VANILLA}Steve lost connection: Disconnected`)).toBeNull();
    expect(parser.parse(`${VANILLA}Steve left the game`)).toEqual({ kind: 'leave', player: 'Steve' });
  });

  it('accepts offline-mode letters and Floodgate names, and a leading prompt with colours', () => {
    const parser = createLogParser('vanilla');
    expect(parser.parse(`${VANILLA}玩家一号 joined the game`)).toEqual({ kind: 'join', player: '玩家一号' });
    expect(parser.parse(`${VANILLA}.Two_Words joined the game`)).toEqual({ kind: 'join', player: '.Two_Words' });
    expect(parser.parse(`\x1b[0m> \x1b[36m${VANILLA}\x1b[0m§eSteve left the game`)).toEqual({ kind: 'leave', player: 'Steve' });
  });

  it('reads the started line with a decimal comma and without the trailing hint', () => {
    const parser = createLogParser('vanilla');
    expect(parser.parse(`${VANILLA}Done (3,214s)! For help, type "help"`)).toEqual({ kind: 'started' });
    expect(parser.parse(`${VANILLA}Done (3.2s)! For help, type "help" or "?"`)).toEqual({ kind: 'started' });
    expect(parser.parse(`${VANILLA}<Steve> Done (3.2s)! For help, type "help"`)).toEqual({ kind: 'chat', player: 'Steve', message: 'Done (3.2s)! For help, type "help"' });
  });

  it('BDS: list over two lines, a prefixed line ending the wait, a player without xuid', () => {
    const parser = createLogParser('bedrock');
    expect(parser.parse(`${BDS}There are 2/10 players online:`)).toBeNull();
    expect(parser.parse('Two Words, 玩家 一号')).toEqual({ kind: 'list', online: 2, max: 10, players: ['Two Words', '玩家 一号'] });
    expect(parser.parse('Two Words, 玩家 一号')).toBeNull();
    expect(parser.parse(`${BDS}There are 1/10 players online:`)).toBeNull();
    expect(parser.parse(`${BDS}Running AutoCompaction...`)).toEqual({ kind: 'list', online: 1, max: 10, players: [] });
    expect(parser.parse(`NO LOG FILE! - ${BDS}Player connected: Two Words, xuid: 2535424045177658, pfid: abc`)).toEqual({ kind: 'identity', player: 'Two Words', xuid: '2535424045177658' });
    expect(parser.parse('[2025-01-15 10:00:00 INFO] Player Spawned: Two Words xuid: ')).toEqual({ kind: 'join', player: 'Two Words' });
    expect(parser.parse(`${BDS}Player disconnected: Two Words, xuid: 2535424045177658`)).toEqual({ kind: 'leave', player: 'Two Words', xuid: '2535424045177658' });
    expect(parser.parse(`${BDS}Version 1.21.44.01`)).toEqual({ kind: 'version', version: '1.21.44.01' });
  });

  it('auto sticks to the first flavour it recognises', () => {
    const parser = createLogParser('auto');
    expect(parser.flavor).toBe('auto');
    expect(parser.parse(`${BDS}Server started.`)).toEqual({ kind: 'started' });
    // A Java-looking line printed on a BDS console (a script echoing text) is not read as Java.
    expect(parser.parse(`${VANILLA}Steve joined the game`)).toBeNull();
    expect(parser.parse(`${BDS}Player Spawned: Steve xuid: 1`)).toEqual({ kind: 'join', player: 'Steve', xuid: '1' });
    const java = createLogParser('auto');
    expect(java.parse(`${CONSOLE}Steve joined the game`)).toEqual({ kind: 'join', player: 'Steve' });
    expect(java.parse(`${BDS}Player Spawned: Steve xuid: 1`)).toBeNull();
  });

  it('reads the TPS line with or without the over-20 star, and lists in both Java forms', () => {
    const parser = createLogParser('paper');
    expect(parser.parse(`${CONSOLE}§6TPS from last 1m, 5m, 15m: §a*20.0, §a*20.0, §a*20.0`)).toEqual({ kind: 'tps', tps: 20 });
    expect(parser.parse(`${CONSOLE}There are 2 of a max of 20 players online: Steve, Alex`)).toEqual({ kind: 'list', online: 2, max: 20, players: ['Steve', 'Alex'] });
    expect(parser.parse(`${CONSOLE}There are 2/20 players online: Steve, Alex`)).toEqual({ kind: 'list', online: 2, max: 20, players: ['Steve', 'Alex'] });
  });

  it('rejects an unknown flavour', () => {
    expect(() => createLogParser('spigot' as 'paper')).toThrow(/unknown server flavour "spigot"/);
  });
});

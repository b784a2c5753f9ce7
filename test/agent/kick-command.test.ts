import { describe, expect, it } from 'vitest';
import { formatKick, parseKick } from '../../src/agent/kick-command.js';

describe('formatKick', () => {
  it('leaves a Java name bare and quotes a gamertag with a space', () => {
    expect(formatKick('Steve', 'You are banned')).toBe('kick Steve You are banned');
    expect(formatKick('Two Words', 'You are banned')).toBe('kick "Two Words" You are banned');
    expect(formatKick('玩家 一号', 'bye')).toBe('kick "玩家 一号" bye');
    expect(formatKick('.Floodgate_User', 'bye')).toBe('kick .Floodgate_User bye');
  });

  it('cannot be broken out of: quotes and control characters are removed, the line stays one line', () => {
    expect(formatKick('Two" Words', 'multi\nline\r\nreason')).toBe('kick "Two Words" multi line reason');
    expect(formatKick('Steve\nop Mallory', 'x')).toBe('kick "Steve op Mallory" x');
    expect(formatKick('Steve', 'say "hi" \\ \x1b[31m')).toBe('kick Steve say hi [31m');
    expect(formatKick('Steve', '   ')).toBe('kick Steve');
    expect(formatKick('@a', 'x')).toBe('kick "@a" x');
    expect(() => formatKick('"\n"', 'x')).toThrow(/player name/);
  });
});

describe('parseKick', () => {
  it('reads both forms, with or without a message or slash', () => {
    expect(parseKick('kick Steve You are banned')).toEqual({ player: 'Steve', message: 'You are banned' });
    expect(parseKick('kick "Two Words" You are banned')).toEqual({ player: 'Two Words', message: 'You are banned' });
    expect(parseKick('/kick Steve')).toEqual({ player: 'Steve', message: '' });
    expect(parseKick('KICK "Two Words"')).toEqual({ player: 'Two Words', message: '' });
  });

  it('rejects other commands and missing targets', () => {
    expect(parseKick('kickall Steve')).toBeNull();
    expect(parseKick('kick')).toBeNull();
    expect(parseKick('kick ""')).toBeNull();
    expect(parseKick('say kick Steve')).toBeNull();
  });

  it('reads back what formatKick writes', () => {
    for (const [player, message] of [['Steve', 'bye'], ['Two Words', 'You are banned: griefing'], ['玩家 一号', '']] as const) {
      expect(parseKick(formatKick(player, message))).toEqual({ player, message });
    }
  });
});

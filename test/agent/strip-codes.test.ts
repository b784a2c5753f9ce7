import { describe, expect, it } from 'vitest';
import { stripCodes, stripConsolePrompt } from '../../src/agent/strip-codes.js';

describe('stripCodes', () => {
  it.each([
    ['plain text', 'plain text'],
    ['\x1b[0m\x1b[33;1mDone\x1b[m', 'Done'],
    ['\x1b[38;2;255;85;85mred\x1b[39m', 'red'],
    ['\x1b[?25l\x1b[2K\x1b[1Gline', 'line'],
    ['\x1b]0;Minecraft Server 1.21\x07title gone', 'title gone'],
    ['\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\', 'link'],
    ['\x9b31m8-bit CSI', '8-bit CSI'],
    ['\x1b(Bcharset\x1b=', 'charset'],
    ['§aGreen §lbold§r plain', 'Green bold plain'],
    ['§x§f§f§0§0§0§0hex colour', 'hex colour'],
    ['trailing §', 'trailing '],
    ['\r\x1b[K> prompt redraw', '> prompt redraw'],
    ['bell\x07 and backspace\x08', 'bell and backspace'],
    ['tab\tstays', 'tab\tstays'],
    ['héllo 😀 玩家', 'héllo 😀 玩家'],
  ])('%j → %j', (input, output) => {
    expect(stripCodes(input)).toBe(output);
  });
});

describe('stripConsolePrompt', () => {
  it.each([
    ['> [10:00:00 INFO]: Done', '[10:00:00 INFO]: Done'],
    ['> > >[10:00:00 INFO]: Done', '[10:00:00 INFO]: Done'],
    ['[10:00:00 INFO]: > quoted', '[10:00:00 INFO]: > quoted'],
    ['plain', 'plain'],
  ])('%j → %j', (input, output) => {
    expect(stripConsolePrompt(input)).toBe(output);
  });
});

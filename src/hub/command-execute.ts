import { CommandReader, CommandRefused } from './command-reader.js';

const ENTITY = 'entity';

/** `if`/`unless` conditions with the arguments each consumes (Java 1.21's grammar). */
function condition(r: CommandReader): void {
  const kind = r.literal('condition', ['block', 'blocks', 'data', 'entity', 'predicate', 'score', 'biome', 'dimension', 'function', 'items', 'loaded']);
  switch (kind) {
    case 'block':
      r.coordinates('block position', 3);
      r.arg('block predicate');
      return;
    case 'blocks':
      r.coordinates('start', 3);
      r.coordinates('end', 3);
      r.coordinates('destination', 3);
      r.literal('scan mode', ['all', 'masked']);
      return;
    case 'data':
      dataTarget(r);
      r.arg('NBT path');
      return;
    case 'entity':
      r.arg(ENTITY);
      return;
    case 'predicate':
    case 'dimension':
    case 'function':
      r.arg(kind);
      return;
    case 'score':
      scoreHolder(r);
      r.word('objective');
      if (r.literal('score comparison', ['matches', '<', '<=', '=', '>', '>=']) === 'matches') {
        r.word('range');
        return;
      }
      scoreHolder(r);
      r.word('objective');
      return;
    case 'biome':
      r.coordinates('biome position', 3);
      r.arg('biome');
      return;
    case 'items':
      if (r.literal('items source', ['entity', 'block']) === 'entity') r.arg(ENTITY);
      else r.coordinates('block position', 3);
      r.arg('slots');
      r.arg('item predicate');
      return;
    case 'loaded':
      r.coordinates('position', 3);
      return;
  }
}

function dataTarget(r: CommandReader): void {
  const target = r.literal('data source', ['block', 'entity', 'storage']);
  if (target === 'block') r.coordinates('block position', 3);
  else r.arg(target);
}

/** A score holder that is not a selector is read up to the next space, quotes and brackets included. */
function scoreHolder(r: CommandReader): void {
  if (r.peekWord()?.startsWith('@')) r.arg('score holder');
  else r.word('score holder');
}

function store(r: CommandReader): void {
  r.literal('store kind', ['result', 'success']);
  const target = r.literal('store target', ['block', 'bossbar', 'entity', 'score', 'storage']);
  switch (target) {
    case 'bossbar':
      r.arg('bossbar');
      r.literal('bossbar field', ['value', 'max']);
      return;
    case 'score':
      scoreHolder(r);
      r.word('objective');
      return;
    default:
      if (target === 'block') r.coordinates('block position', 3);
      else r.arg(target);
      r.arg('NBT path');
      r.literal('number type', ['byte', 'short', 'int', 'long', 'float', 'double']);
      r.word('scale');
  }
}

/**
 * Walks an `execute` chain the way Brigadier does: each subcommand consumes its own arguments
 * before the next subcommand is read, so `execute as run run stop` runs `stop` (the first `run`
 * is a player name). Returns what `run` runs, or null when the chain ends without one. A
 * subcommand it does not know is refused rather than guessed at.
 */
export function walkExecute(r: CommandReader): string | null {
  const first = r.peekWord();
  // Bedrock's and Java 1.12's form: `execute <target> <x y z> [detect <x y z> <block> <data>] <command>`.
  if (first !== null && (first.startsWith('@') || first.startsWith('"'))) {
    r.arg(ENTITY);
    r.coordinates('position', 3);
    if (r.peekWord()?.toLowerCase() === 'detect') {
      r.word('detect');
      r.coordinates('detect position', 3);
      r.arg('block');
      r.word('block data');
    }
    if (r.atEnd()) throw new CommandRefused('incomplete execute: missing command');
    return r.rest();
  }
  for (;;) {
    if (r.atEnd()) return null;
    const sub = r.word('subcommand').toLowerCase();
    switch (sub) {
      case 'run':
        if (r.atEnd()) throw new CommandRefused('incomplete execute: missing command after run');
        return r.rest();
      case 'as':
      case 'at':
        r.arg(ENTITY);
        break;
      case 'positioned': {
        const next = r.peekWord()?.toLowerCase();
        if (next === 'as') {
          r.word('as');
          r.arg(ENTITY);
        } else if (next === 'over') {
          r.word('over');
          r.literal('heightmap', ['world_surface', 'motion_blocking', 'motion_blocking_no_leaves', 'ocean_floor']);
        } else r.coordinates('position', 3);
        break;
      }
      case 'align':
        if (!/^[xyz]{1,3}$/i.test(r.word('axes'))) throw new CommandRefused('align needs axes (x, y, z)');
        break;
      case 'anchored':
        r.literal('anchor', ['eyes', 'feet']);
        break;
      case 'facing':
        if (r.peekWord()?.toLowerCase() === 'entity') {
          r.word('entity');
          r.arg(ENTITY);
          r.literal('anchor', ['eyes', 'feet']);
        } else r.coordinates('facing position', 3);
        break;
      case 'in':
        r.arg('dimension');
        break;
      case 'rotated':
        if (r.peekWord()?.toLowerCase() === 'as') {
          r.word('as');
          r.arg(ENTITY);
        } else r.coordinates('rotation', 2);
        break;
      case 'on':
        r.literal('relation', ['attacker', 'controller', 'leasher', 'origin', 'owner', 'passengers', 'target', 'vehicle']);
        break;
      case 'summon':
        r.arg('entity type');
        break;
      case 'if':
      case 'unless':
        condition(r);
        break;
      case 'store':
        store(r);
        break;
      default:
        throw new CommandRefused(`unknown execute subcommand "${sub}"`);
    }
  }
}

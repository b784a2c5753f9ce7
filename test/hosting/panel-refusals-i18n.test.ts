import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/panel/src/i18n/en.js';

/*
 * The panel words refusals from the service's `reason`, not its message: every reason the hosting
 * module can send must have a translation, or the reader gets only the generic fallback.
 */

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Reasons as the code spells them: a HostingError's/AppError's last argument, or a `reason:` field. */
function reasonsInSource(): Set<string> {
  const found = new Set<string>();
  for (const file of files('src/hosting')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:HostingError|AppError)\(([^;]*?),\s*'([a-z_]+)'\s*,?\s*\)/g)) found.add(m[2] ?? '');
    for (const m of text.matchAll(/reason: '([a-z_]+)'/g)) found.add(m[1] ?? '');
    // `quota_${key}` for the three sized resources.
    if (/`quota_\$\{key\}`/.test(text)) for (const key of ['cpu', 'memory', 'disk']) found.add(`quota_${key}`);
  }
  return found;
}

describe('panel refusal catalog', () => {
  it('has a message for every reason src/hosting sends', () => {
    const reasons = reasonsInSource();
    // Guards the scan itself: if the code's shape changes and nothing matches, this test must say so.
    expect(reasons.size).toBeGreaterThan(15);
    const known = new Set(Object.keys(en.refusal));
    expect([...reasons].filter((r) => !known.has(r)).sort()).toEqual([]);
  });
});

import type { PublicInfo } from './wire.js';

/** A type-2 (owner-only) piece in a broadcast: which repository matched, nothing about the piece. */
export interface PrivateMatch {
  black_id: string;
  private: true;
}

export type HitMatch = PublicInfo | PrivateMatch;

/**
 * What a `blacklist_hit` event may show of its matches: every subscriber can receive it, so a
 * piece is shown in full only when its repository is public (the public list or type 1).
 */
export function redactMatches(matches: readonly PublicInfo[], publicRepositories: ReadonlySet<string>): HitMatch[] {
  return matches.map((m) => (publicRepositories.has(m.black_id) ? m : { black_id: m.black_id, private: true }));
}

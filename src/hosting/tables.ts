import type { Generated } from 'kysely';

/**
 * Hosting tables. Money and quotas are integers; times are ISO-8601 text so the same rows
 * read identically on SQLite and PostgreSQL.
 */
export interface HostingUserTable {
  discord_id: string;
  /** Pterodactyl user id, null until the first panel login links (or creates) the account. */
  ptero_user_id: number | null;
  email: string | null;
  username: string | null;
  money: number;
  /** Bought or granted extras; the configured defaults are added on read (BoardMate's Flask model). */
  memory: number;
  disk: number;
  cpu: number;
  servers: number;
  /**
   * Per-user lease serialising server changes: quota is checked against the live Pterodactyl
   * listing while the lease is held, so two concurrent creations cannot both pass the check.
   */
  lock_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface HostingCodeTable {
  code: string;
  /** Maximum number of redemptions. */
  uses: number;
  money: number;
  /** Redemptions so far; a conditional UPDATE on it is what caps concurrent redemptions. */
  used: number;
  created_at: string;
}

export interface HostingRedemptionTable {
  code: string;
  discord_id: string;
  id: Generated<number>;
  redeemed_at: string;
}

export interface HostingSessionTable {
  /** SHA-256 (hex) of the cookie value; the raw token never touches the database. */
  token_hash: string;
  discord_id: string;
  created_at: string;
  expires_at: string;
}

export interface HostingTables {
  hosting_users: HostingUserTable;
  hosting_codes: HostingCodeTable;
  hosting_redemptions: HostingRedemptionTable;
  hosting_sessions: HostingSessionTable;
}

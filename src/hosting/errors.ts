import { PterodactylError } from './pterodactyl/client.js';

/**
 * A refusal the user (or admin script) must be told about: HTTP status, a message saying why, and a
 * stable machine-readable reason for scripts and tests.
 */
export class HostingError extends Error {
  override name = 'HostingError';
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

export const notConfigured = (): HostingError =>
  new HostingError(503, 'Hosting panel is not configured on this server (set HOSTING_CONFIG).', 'not_configured');

/** Surfaces a Pterodactyl failure to the user with the panel's own reason (a `.catch` handler). */
export function panelFailure(err: unknown, what = '翼龍面板拒絕了請求 (the Pterodactyl panel refused)'): never {
  if (err instanceof PterodactylError) throw new HostingError(502, `${what}: ${err.message}`, 'panel_error');
  throw err;
}

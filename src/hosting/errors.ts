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

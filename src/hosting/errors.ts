import { AppError } from '../core/errors.js';
import { PterodactylError } from './pterodactyl/client.js';

export const notConfigured = (): AppError =>
  new AppError('unavailable', 'Hosting panel is not configured on this server (set HOSTING_CONFIG).', 'not_configured');

export const unknownUser = (): AppError => new AppError('not_found', '未找到此用戶', 'unknown_user');

export const noPanelAccount = (): AppError =>
  new AppError('conflict', '尚未連結翼龍面板帳號，請重新登入 (no Pterodactyl account linked yet; log in again)', 'no_panel_account');

/** Surfaces a Pterodactyl failure with the panel's own reason (a `.catch` handler); anything else is rethrown. */
export function panelFailure(err: unknown, what = '翼龍面板拒絕了請求 (the Pterodactyl panel refused)'): never {
  if (err instanceof PterodactylError) throw new AppError('bad_gateway', `${what}: ${err.message}`, 'panel_error');
  throw err;
}

import type { Translate } from '../../shared/i18n/preact.js';
import { en } from './i18n/en.js';
import { Refusal } from './request.js';

/** The reasons the catalogs word; any other is answered with the generic text for its status. */
const KNOWN = new Set(Object.keys(en.refusal));

/** A refusal's reason in the reader's language, else the generic text for its HTTP status (0 when unknown). */
export function describeReason(reason: string | null, status: number, t: Translate): string {
  if (reason !== null && KNOWN.has(reason)) return t(`refusal.${reason}`);
  return t(status >= 500 ? 'refusalFallback.server' : 'refusalFallback.other', { status: status || '?' });
}

/** What went wrong, in the reader's language: from the refusal's reason, never the service's own words. */
export function describeRefusal(err: unknown, t: Translate): string {
  if (err instanceof Refusal) return describeReason(err.reason, err.status, t);
  if (err instanceof TypeError) return t('refusalFallback.network');
  return t('refusalFallback.other', { status: '?' });
}

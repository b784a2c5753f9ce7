import type { Translate } from '../../shared/i18n/preact.js';
import { en } from './i18n/en.js';
import { Refusal } from './request.js';

/** The reasons the catalogs word; any other is answered with the generic text for its status. */
const KNOWN = new Set(Object.keys(en.refusal));

/** What went wrong, in the reader's language: from the refusal's reason, never the service's own words. */
export function describeRefusal(err: unknown, t: Translate): string {
  if (err instanceof Refusal) {
    if (err.reason !== null && KNOWN.has(err.reason)) return t(`refusal.${err.reason}`);
    if (err.status >= 500) return t('refusalFallback.server', { status: err.status });
    return t('refusalFallback.other', { status: err.status });
  }
  if (err instanceof TypeError) return t('refusalFallback.network');
  return t('refusalFallback.other', { status: '?' });
}

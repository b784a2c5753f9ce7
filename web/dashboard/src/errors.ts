import type { Translate } from '../../shared/i18n/preact';
import { ApiError, messageOf } from './api';

/**
 * An error in the reader's language where the words are ours (no network, a bare status); the
 * service's own message as it sent it otherwise, since the hub's wording is part of its contract.
 */
export function describeError(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    // messageOf without a body is its fallback: the service sent no message of its own.
    return err.message === messageOf(undefined, err.status) ? t('errors.http', { status: err.status }) : err.message;
  }
  if (err instanceof TypeError) return t('errors.network');
  if (err instanceof Error) return err.message;
  return String(err);
}

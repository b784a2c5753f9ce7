import type { AuditService } from '../core/audit.js';
import { AUDIT_MODULE } from './deps.js';
import type { ApiLogFile } from './wire.js';

/*
 * BoardMate's API log (`data/api.json` `log`) lives in the audit log: admin-API calls are audited
 * as `api.*`, and entries brought in by import-boardmate as `api.imported` with their original times.
 */

/** Audit action of log entries brought in by import-boardmate. */
export const API_LOG_IMPORTED = 'api.imported';
export const isApiLogAction = (action: string): boolean => action.startsWith('api.');

const PAGE = 1000;

/** The hosting API log in BoardMate's `data/api.json` shape, oldest first. `key` is left empty: see the route. */
export async function exportApiLog(audit: AuditService): Promise<ApiLogFile> {
  const log: ApiLogFile['log'] = [];
  let before: number | undefined;
  for (;;) {
    const page = await audit.list({ module: AUDIT_MODULE, before, limit: PAGE });
    for (const entry of page) {
      if (isApiLogAction(entry.action) && entry.message !== null) {
        log.push({ time: Math.floor(Date.parse(entry.time) / 1000), message: entry.message });
      }
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) break;
    before = last.id;
  }
  // Oldest first by time; imported entries carry their original (earlier) times but later ids.
  log.reverse().sort((a, b) => a.time - b.time);
  return { key: '', log };
}

import type { AuditService } from '../core/audit.js';
import { AUDIT_MODULE, isApiLogAction } from './service.js';

export interface BoardMateApiFile {
  key: string;
  log: { time: number; message: string }[];
}

/**
 * Reads the hosting API log back out of the audit log in BoardMate's `data/api.json` shape,
 * oldest first. Raw API keys are never stored, so `key` is the configured HOSTING_API_KEY or "".
 */
export async function exportApiLog(audit: AuditService, key: string | undefined): Promise<BoardMateApiFile> {
  const log: BoardMateApiFile['log'] = [];
  let before: number | undefined;
  for (;;) {
    const page = await audit.list({ module: AUDIT_MODULE, before, limit: 1000 });
    for (const entry of page) {
      if (isApiLogAction(entry.action) && entry.message !== null) {
        log.push({ time: Math.floor(Date.parse(entry.time) / 1000), message: entry.message });
      }
    }
    const last = page[page.length - 1];
    if (!last || page.length < 1000) break;
    before = last.id;
  }
  // Oldest first by time; imported entries carry their original (earlier) times but later ids.
  log.reverse().sort((a, b) => a.time - b.time);
  return { key: key ?? '', log };
}

/** Python's `json.dump(..., ensure_ascii=False, indent=4)`, which is how BoardMate wrote the file. */
export const formatApiFile = (file: BoardMateApiFile): string => `${JSON.stringify(file, null, 4)}\n`;

import { renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AuditTables } from '../core/audit.js';
import type { Storage } from '../storage/database.js';

/**
 * `interconnect hosting export-log` and `interconnect import-boardmate <folder>`. Both work on the
 * configured database directly (DATABASE_PATH / DATABASE_URL), like `serve`; the storage and
 * hosting code is loaded on demand so the other commands do not pay for it.
 */
async function withStorage<T>(work: (storage: Storage, hostingApiKey: string | undefined) => Promise<T>): Promise<T> {
  const { loadConfig } = await import('../config.js');
  const { openStorage } = await import('../storage/database.js');
  const config = loadConfig();
  const storage = await openStorage({ databasePath: config.databasePath, databaseUrl: config.databaseUrl });
  try {
    return await work(storage, config.hostingApiKey);
  } finally {
    await storage.close();
  }
}

export function registerHostingCommands(program: Command, out: (text: string) => void = (t) => process.stdout.write(`${t}\n`)): void {
  const hosting = program.command('hosting').description('hosting module (BoardMate-compatible) maintenance');

  hosting
    .command('export-log')
    .description("write the hosting API log in BoardMate's data/api.json shape")
    .option('-o, --output <file>', 'file to write (stdout when omitted)')
    .action(async (opts: { output?: string }) => {
      const { createAuditService } = await import('../core/audit.js');
      const { systemClock } = await import('../core/clock.js');
      const { exportApiLog, formatApiFile } = await import('../hosting/export-log.js');
      const { tablesOf } = await import('../storage/database.js');
      const text = await withStorage(async (storage, key) => formatApiFile(await exportApiLog(createAuditService(tablesOf<AuditTables>(storage.db), systemClock), key)));
      if (!opts.output) {
        process.stdout.write(text);
        return;
      }
      // Written beside the target and renamed, so a reader never sees half a file.
      const tmp = `${opts.output}.${process.pid}.tmp`;
      writeFileSync(tmp, text, 'utf8');
      renameSync(tmp, opts.output);
      out(`wrote ${opts.output}`);
    });

  program
    .command('import-boardmate <folder>')
    .description('import a BoardMate data/ folder (user.json, code.json, api.json); a malformed file is refused whole')
    .action(async (folder: string) => {
      const { importBoardMate } = await import('../hosting/import-boardmate.js');
      const { createAuditService } = await import('../core/audit.js');
      const { systemClock } = await import('../core/clock.js');
      const { tablesOf } = await import('../storage/database.js');
      const summary = await withStorage((storage) =>
        importBoardMate(storage.db, createAuditService(tablesOf<AuditTables>(storage.db), systemClock), folder),
      );
      out(`imported ${summary.users} users, ${summary.codes} codes (${summary.redemptions} redemptions), ${summary.logEntries} API log entries`);
      if (summary.skipped.length) out(`not found, skipped: ${summary.skipped.join(', ')}`);
      if (summary.apiKey) {
        out('api.json holds the BoardMate API key: set HOSTING_API_KEY to it to keep existing bots and scripts working.');
      }
    });
}

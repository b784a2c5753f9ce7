import { renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createAuditService } from '../core/audit.js';
import { systemClock } from '../core/clock.js';
import { exportApiLog, formatApiFile } from '../hosting/export-log.js';
import { importBoardMate } from '../hosting/import-boardmate.js';
import { openStorage, type Storage } from '../storage/database.js';

/** Both commands work on the configured database directly (DATABASE_PATH / DATABASE_URL), like `serve`. */
async function withStorage<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const storage = await openStorage({ databasePath: config.databasePath, databaseUrl: config.databaseUrl });
  try {
    return await work(storage);
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
      const text = await withStorage(async (storage) =>
        formatApiFile(await exportApiLog(createAuditService(storage.db, systemClock), loadConfig().hostingApiKey)),
      );
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
    .description("import a BoardMate data/ folder (user.json, code.json, api.json); a malformed file is refused whole")
    .action(async (folder: string) => {
      const summary = await withStorage((storage) => importBoardMate(storage.db, folder));
      out(
        `imported ${summary.users} users, ${summary.codes} codes (${summary.redemptions} redemptions), ${summary.logEntries} API log entries`,
      );
      if (summary.skipped.length) out(`not found, skipped: ${summary.skipped.join(', ')}`);
      if (summary.apiKey) {
        out('api.json holds the BoardMate API key: set HOSTING_API_KEY to it to keep existing bots and scripts working.');
      }
    });
}

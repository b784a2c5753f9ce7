import { randomInt } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Value } from 'typebox/value';
import type { AuditTables } from '../core/audit.js';
import type { HostingDb } from '../hosting/deps.js';
import { ApiLogFile } from '../hosting/wire.js';
import type { Storage } from '../storage/database.js';
import { CliError, request, type Connection } from './client.js';

type Out = (text: string) => void;

/**
 * `import-boardmate <folder>` works on the configured database directly (DATABASE_PATH /
 * DATABASE_URL), like `serve`, because it seeds a service that is not running yet; the storage
 * code is loaded on demand so the client commands do not pay for it.
 */
async function withStorage<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
  const { loadConfig } = await import('../config.js');
  const { openStorage } = await import('../storage/database.js');
  const config = loadConfig();
  const storage = await openStorage({ databasePath: config.databasePath, databaseUrl: config.databaseUrl });
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A key as BoardMate makes one (50 characters of [A-Za-z0-9]), but from a cryptographic source. */
const boardMateKey = (): string => Array.from({ length: 50 }, () => KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]).join('');

/** Python's `json.dump(..., ensure_ascii=False, indent=4)`, which is how BoardMate wrote the file. */
export const formatApiFile = (file: ApiLogFile): string => `${JSON.stringify(file, null, 4)}\n`;

/** Written beside the target and renamed, so a reader never sees half a file. */
function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${path}: ${(err as Error).message}`);
  }
}

export function registerHostingCommands(program: Command, out: Out = (t) => process.stdout.write(`${t}\n`)): void {
  const connection = (): Connection => {
    const opts = program.opts<{ server: string; key?: string }>();
    return { server: opts.server, key: opts.key };
  };
  const hosting = program.command('hosting').description('hosting module (BoardMate-compatible)');

  hosting
    .command('export-log')
    .description("fetch the hosting API log from the service (-s, admin key -k) and write it in BoardMate's data/api.json shape")
    .option('-o, --output <file>', 'file to write (stdout when omitted)')
    .action(async (opts: { output?: string }) => {
      const conn = connection();
      if (!conn.key) throw new CliError('an admin key is needed: -k <key> or ADMIN_KEY');
      let answer: unknown;
      try {
        answer = await request<unknown>(conn, 'GET', '/manage/hosting/api-log');
      } catch (err) {
        if (err instanceof CliError) throw new CliError(`export-log: ${err.message}`);
        throw err;
      }
      if (!Value.Check(ApiLogFile, answer)) throw new CliError(`export-log: ${conn.server} did not answer with an API log (is it an InterConnect service?)`);
      // The service never sends HOSTING_API_KEY back; the operator's own environment may hold it.
      const envKey = process.env.HOSTING_API_KEY;
      const key = envKey && envKey !== '' ? envKey : boardMateKey();
      if (!envKey) process.stderr.write('note: HOSTING_API_KEY is not set here, so the file holds a fresh random key (BoardMate would accept an empty one from anyone)\n');
      const text = formatApiFile({ key, log: answer.log });
      if (!opts.output) {
        process.stdout.write(text);
        return;
      }
      writeAtomically(opts.output, text);
      out(`wrote ${opts.output} (${answer.log.length} entries)`);
    });

  program
    .command('import-boardmate <folder>')
    .description('import a BoardMate data/ folder (user.json, code.json, api.json) into the configured database; a malformed file is refused whole')
    .action(async (folder: string) => {
      const { importBoardMate } = await import('../hosting/import-boardmate.js');
      const { createAuditService } = await import('../core/audit.js');
      const { systemClock } = await import('../core/clock.js');
      const { tablesOf } = await import('../storage/database.js');
      const summary = await withStorage((storage) =>
        importBoardMate(tablesOf<HostingDb>(storage.db), createAuditService(tablesOf<AuditTables>(storage.db), systemClock), folder),
      );
      out(`imported ${summary.users} users, ${summary.codes} codes (${summary.redemptions} redemptions), ${summary.logEntries} API log entries`);
      if (summary.skipped.length) out(`not found, skipped: ${summary.skipped.join(', ')}`);
      if (summary.apiKey) {
        out('api.json holds the BoardMate API key: set HOSTING_API_KEY to it to keep existing bots and scripts working.');
      }
    });
}

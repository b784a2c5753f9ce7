import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Appends rows in batches on a worker thread with its own connection to the SQLite file: one
 * transaction per batch, one prepared statement for every row.
 *
 * Why not Kysely on the main connection: better-sqlite3 is synchronous, so each commit's fsync
 * (`synchronous=FULL`) would stop the event loop — no request read, no frame sent — for as long
 * as the disk takes, and Kysely compiles and prepares the insert anew for every batch. On the
 * worker the main thread only waits for a message.
 */
export interface Appender {
  /** Inserts the rows (values in the statement's column order) in one transaction; resolves with their new ids, in order. */
  append(rows: unknown[][]): Promise<number[]>;
  close(): Promise<void>;
}

// Plain JavaScript evaluated in the worker, so it runs the same from the built files and from the
// TypeScript sources under test.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
const insert = db.prepare(workerData.statement);
const write = db.transaction((rows) => rows.map((row) => Number(insert.run(row).lastInsertRowid)));
parentPort.on('message', ({ id, rows }) => {
  try {
    parentPort.postMessage({ id, ids: write(JSON.parse(rows)) });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

interface Answer {
  id: number;
  ids?: number[];
  error?: string;
}

/** An appender for `statement` (an `insert ... values (?, ...)`) on the SQLite file at `path`. */
export function openSqliteAppender(path: string, statement: string): Appender {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const pending = new Map<number, { resolve(ids: number[]): void; reject(err: Error): void }>();
  let next = 0;
  let worker: Worker | undefined;
  let closing = false;

  function failAll(err: Error) {
    for (const waiting of pending.values()) waiting.reject(err);
    pending.clear();
  }

  function start(): Worker {
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, statement } });
    started.on('message', (answer: Answer) => {
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      if (answer.ids) waiting.resolve(answer.ids);
      else waiting.reject(new Error(answer.error ?? 'append failed'));
    });
    // A worker that died takes its unanswered batches with it (their transactions rolled back);
    // the next batch starts a new one.
    started.on('error', (err) => failAll(err));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      if (!closing) failAll(new Error(`the SQLite append worker exited with code ${code}`));
    });
    return started;
  }

  return {
    append(rows) {
      if (closing) return Promise.reject(new Error('the appender is closed'));
      worker ??= start();
      const id = next++;
      const answer = new Promise<number[]>((resolve, reject) => pending.set(id, { resolve, reject }));
      // One string crosses to the worker faster than the structured clone of many small arrays.
      worker.postMessage({ id, rows: JSON.stringify(rows) });
      return answer;
    },
    async close() {
      closing = true;
      const running = worker;
      worker = undefined;
      failAll(new Error('the appender is closed'));
      await running?.terminate();
    },
  };
}

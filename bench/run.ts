// `npm run bench`: every benchmark, each printing its figures against a baseline measured in the same run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib.js';

const suites: Array<{ name: string; file: string }> = [
  { name: 'hub auth', file: 'hub-auth.ts' },
  { name: 'hub fan-out', file: 'hub-fanout.ts' },
  { name: 'hub ingest', file: 'hub-ingest.ts' },
  { name: 'blacklist check', file: 'blacklist-check.ts' },
  { name: 'agent parse', file: 'agent-parse.ts' },
  { name: 'agent command', file: 'agent-command.ts' },
];

const only = process.argv.slice(2);
for (const suite of suites) {
  if (only.length > 0 && !only.some((o) => suite.file.startsWith(o))) continue;
  const path = join(ROOT, 'bench', suite.file);
  if (!existsSync(path)) continue;
  const module = (await import(path)) as { run(): Promise<void> };
  await module.run();
}

#!/usr/bin/env node
import { CliError } from './client.js';
import { buildProgram } from './program.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`error: ${err instanceof CliError ? err.message : (err as Error).message}\n`);
    process.exit(1);
  });

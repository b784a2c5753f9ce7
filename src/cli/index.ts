#!/usr/bin/env node
import { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { CliError, type Connection } from './client.js';
import { registerAgentCommand } from './agent.js';
import { registerBlacklistCommands } from './blacklist.js';
import { registerHostingCommands } from './hosting.js';
import { registerHubCommands } from './hub.js';

const out = (text: string) => process.stdout.write(`${text}\n`);

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('interconnect')
    .description('InterConnect: backend for Minecraft server networks')
    .option('-s, --server <url>', 'service URL (env INTERCONNECT_URL)', process.env.INTERCONNECT_URL ?? 'http://127.0.0.1:8000')
    .option('-k, --key <key>', 'API key (env ADMIN_KEY)', process.env.ADMIN_KEY)
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the service (configured from the environment)')
    .action(async () => {
      let config: Config;
      try {
        config = loadConfig();
      } catch (err) {
        process.stderr.write(`Configuration error: ${(err as Error).message}\n`);
        process.exit(1);
      }
      // Loaded on demand: client commands and bad settings should not pay for the server's imports.
      await (await import('../main.js')).serve(config);
    });

  const connection = (): Connection => {
    const opts = program.opts<{ server: string; key?: string }>();
    return { server: opts.server, key: opts.key };
  };
  registerHubCommands(program, connection, out);
  registerBlacklistCommands(program, connection, out);
  registerHostingCommands(program, out);
  registerAgentCommand(program, connection);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`error: ${err instanceof CliError ? err.message : (err as Error).message}\n`);
    process.exit(1);
  });

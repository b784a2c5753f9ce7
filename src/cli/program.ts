import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { packageVersion } from '../core/paths.js';
import type { Connection } from './client.js';
import { registerAgentCommand } from './agent.js';
import { registerBlacklistCommands } from './blacklist.js';
import { registerHostingCommands } from './hosting.js';
import { registerHubCommands } from './hub.js';

export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8000';

/**
 * The `interconnect` command tree. Global options are parsed anywhere on the line, so no
 * subcommand may reuse their names (test/cli/options.test.ts walks the tree to keep it so).
 */
export function buildProgram(out: (text: string) => void = (text) => process.stdout.write(`${text}\n`)): Command {
  const program = new Command();
  program
    .name('interconnect')
    .description('InterConnect: backend for Minecraft server networks')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addOption(new Option('-s, --server <url>', 'service URL').env('INTERCONNECT_URL').default(DEFAULT_SERVICE_URL))
    // No default: help shows a default's value, and this one is a secret.
    .addOption(new Option('-k, --key <key>', 'API key').env('ADMIN_KEY'))
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

import { Option, type Command } from 'commander';
import { AgentConfigError, loadAgentConfig, toServerSpec, type AgentConfig, type ServerEntry } from '../agent/agent-config.js';
import { createAgentLog, isAgentLogLevel } from '../agent/agent-log.js';
import { FLAVORS } from '../agent/log-events.js';
import { runAgent } from '../agent/run-agent.js';
import { CliError, type Connection } from './client.js';

interface AgentOptions {
  config?: string;
  name?: string;
  exec?: string;
  cwd?: string;
  flavor?: ServerEntry['flavor'];
  encoding?: string;
  restart?: 'never' | 'on-crash';
  stopTimeout?: string;
  rcon?: string;
  rconPasswordFile?: string;
  log?: string;
  ping?: string;
  logLevel: string;
}

function fromFlags(connection: Connection, opts: AgentOptions): AgentConfig {
  if (!connection.key) throw new CliError('the agent needs the server key: -k mc_server_...');
  const stopTimeout = opts.stopTimeout === undefined ? undefined : Number(opts.stopTimeout);
  if (stopTimeout !== undefined && !(Number.isFinite(stopTimeout) && stopTimeout > 0)) throw new CliError('--stop-timeout must be a number of seconds');
  const entry: ServerEntry = {
    key: connection.key,
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.flavor !== undefined ? { flavor: opts.flavor } : {}),
    ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}),
    ...(opts.exec !== undefined ? { exec: opts.exec } : {}),
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
    ...(opts.restart !== undefined ? { restart: opts.restart } : {}),
    ...(stopTimeout !== undefined ? { stop_timeout: stopTimeout } : {}),
    ...(opts.rcon !== undefined ? { rcon: opts.rcon } : {}),
    ...(opts.rconPasswordFile !== undefined ? { rcon_password_file: opts.rconPasswordFile } : {}),
    ...(opts.log !== undefined ? { log: opts.log } : {}),
    ...(opts.ping !== undefined ? { ping: opts.ping } : {}),
  };
  return { hub: connection.server, servers: [toServerSpec(entry, 'agent')] };
}

export function registerAgentCommand(program: Command, connection: () => Connection): void {
  program
    .command('agent')
    .description('connect an unmodified Java or Bedrock server to the hub (wrap its process, or attach by RCON, log and ping)')
    .option('--config <file>', 'several servers from a JSON file: {"hub": "...", "servers": [...]}')
    .option('--name <name>', 'server_name of its events (default: the server id of the key)')
    .option('--exec <command>', 'wrap mode: the command line that starts the server')
    .option('--cwd <dir>', 'wrap mode: the folder to start it in')
    .addOption(new Option('--flavor <flavor>', 'the server\'s log format').choices([...FLAVORS, 'auto']))
    .option('--encoding <encoding>', 'console/log encoding, e.g. utf8 or gbk', 'utf8')
    .addOption(new Option('--restart <when>', 'wrap mode: restart a crashed server').choices(['never', 'on-crash']))
    .option('--stop-timeout <seconds>', 'wrap mode: wait this long after `stop` before killing the server')
    .option('--rcon <host:port>', 'attach mode: RCON address (Java only); password from --rcon-password-file or env RCON_PASSWORD')
    .option('--rcon-password-file <file>', 'attach mode: file holding the RCON password')
    .option('--log <path>', 'attach mode: the server\'s logs/latest.log to follow')
    .option('--ping <host:port>', 'attach mode: game address for status (Server List Ping, or RakNet for Bedrock)')
    .addOption(new Option('--log-level <level>', 'the agent\'s own messages on stderr').choices(['debug', 'info', 'warn', 'error', 'silent']).default('info'))
    .action(async (opts: AgentOptions) => {
      let config: AgentConfig;
      try {
        config = opts.config !== undefined ? loadAgentConfig(opts.config) : fromFlags(connection(), opts);
      } catch (err) {
        if (err instanceof AgentConfigError) throw new CliError(err.message);
        throw err;
      }
      const log = createAgentLog(isAgentLogLevel(opts.logLevel) ? opts.logLevel : 'info');
      const code = await runAgent(config, log).done;
      process.exit(code);
    });
}

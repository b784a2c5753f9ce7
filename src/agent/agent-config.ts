import { readFileSync } from 'node:fs';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Flavor } from './log-events.js';
import { parseHostPort } from './status-ping.js';

interface Endpoint {
  host: string;
  port: number;
}

interface CommonSpec {
  key: string;
  /** The `server_name` of its events; by default the server id the hub gives the key. */
  name?: string;
  flavor: Flavor | 'auto';
  encoding: string;
}

export interface WrapSpec extends CommonSpec {
  mode: 'wrap';
  exec: string;
  cwd?: string;
  restart: 'never' | 'on-crash';
  stopTimeoutMs: number;
}

export interface AttachSpec extends CommonSpec {
  mode: 'attach';
  rcon?: Endpoint & { password: string };
  log?: string;
  ping?: Endpoint;
}

export type ServerSpec = WrapSpec | AttachSpec;

export interface AgentConfig {
  hub: string;
  servers: ServerSpec[];
}

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
/** One server, in the config file's words (which are also the CLI's long options). */
const ServerEntry = Type.Object(
  {
    key: Type.String({ pattern: '^mc_server_[A-Za-z0-9]+$' }),
    name: Type.Optional(Text(128)),
    flavor: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('vanilla'), Type.Literal('paper'), Type.Literal('fabric'), Type.Literal('forge'), Type.Literal('bedrock')])),
    encoding: Type.Optional(Text(32)),
    exec: Type.Optional(Text(4096)),
    cwd: Type.Optional(Text(4096)),
    restart: Type.Optional(Type.Union([Type.Literal('never'), Type.Literal('on-crash')])),
    stop_timeout: Type.Optional(Type.Number({ minimum: 1, maximum: 3600 })),
    rcon: Type.Optional(Text(300)),
    rcon_password: Type.Optional(Type.String({ maxLength: 1024 })),
    rcon_password_file: Type.Optional(Text(4096)),
    log: Type.Optional(Text(4096)),
    ping: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);
export type ServerEntry = Static<typeof ServerEntry>;

const ConfigFile = Compile(
  Type.Object(
    {
      hub: Type.String({ pattern: '^https?://' }),
      servers: Type.Array(ServerEntry, { minItems: 1, maxItems: 256 }),
    },
    { additionalProperties: false },
  ),
);
const CheckEntry = Compile(ServerEntry);

export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
}

function endpoint(value: string, defaultPort: number, what: string): Endpoint {
  try {
    return parseHostPort(value, defaultPort);
  } catch (err) {
    throw new AgentConfigError(`${what}: ${(err as Error).message}`);
  }
}

function readSecret(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new AgentConfigError(`${what}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Turns one entry (from the file or the command line) into a server to run, or says what is wrong. */
export function toServerSpec(entry: ServerEntry, where: string, env: NodeJS.ProcessEnv = process.env): ServerSpec {
  if (!CheckEntry.Check(entry)) {
    const first = CheckEntry.Errors(entry)[0];
    const path = first?.instancePath ? first.instancePath.replace(/^\//, '') : '';
    throw new AgentConfigError(`${where}: ${path === 'key' || first?.schemaPath.includes('key') ? 'key must be a server key (mc_server_...)' : `${path || 'entry'} ${first?.message ?? 'is invalid'}`}`);
  }
  const common: CommonSpec = {
    key: entry.key,
    ...(entry.name ? { name: entry.name } : {}),
    flavor: entry.flavor ?? 'auto',
    encoding: entry.encoding ?? 'utf8',
  };
  const attachOptions = [entry.rcon, entry.log, entry.ping].some((v) => v !== undefined);
  if (entry.exec !== undefined) {
    if (attachOptions) throw new AgentConfigError(`${where}: exec (wrap mode) cannot be combined with rcon, log or ping (attach mode)`);
    return {
      ...common,
      mode: 'wrap',
      exec: entry.exec,
      ...(entry.cwd ? { cwd: entry.cwd } : {}),
      restart: entry.restart ?? 'never',
      stopTimeoutMs: (entry.stop_timeout ?? 60) * 1000,
    };
  }
  if (!attachOptions) throw new AgentConfigError(`${where}: give exec (wrap mode), or rcon, log and ping (attach mode)`);
  const spec: AttachSpec = { ...common, mode: 'attach' };
  if (entry.log) spec.log = entry.log;
  if (entry.ping) spec.ping = endpoint(entry.ping, common.flavor === 'bedrock' ? 19132 : 25565, `${where}: ping`);
  if (entry.rcon) {
    if (common.flavor === 'bedrock') throw new AgentConfigError(`${where}: Bedrock Dedicated Server has no RCON; attach it with log and ping only`);
    const password = entry.rcon_password ?? (entry.rcon_password_file ? readSecret(entry.rcon_password_file, `${where}: rcon_password_file`) : env.RCON_PASSWORD);
    if (password === undefined || password === '') {
      throw new AgentConfigError(`${where}: rcon needs a password (rcon_password_file, or the RCON_PASSWORD environment variable)`);
    }
    spec.rcon = { ...endpoint(entry.rcon, 25575, `${where}: rcon`), password };
  }
  return spec;
}

/** Reads `agent.json`: `{"hub": "...", "servers": [...]}`. */
export function loadAgentConfig(path: string, env: NodeJS.ProcessEnv = process.env): AgentConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AgentConfigError(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
  const hub = (parsed as { hub?: unknown } | null)?.hub;
  if (!ConfigFile.Check(parsed)) {
    const servers = (parsed as { servers?: unknown } | null)?.servers;
    if (typeof hub !== 'string' || !/^https?:\/\//.test(hub)) throw new AgentConfigError(`${path}: hub must be the hub's http(s):// URL`);
    if (!Array.isArray(servers) || servers.length === 0) throw new AgentConfigError(`${path}: servers must be a non-empty list`);
    // The per-entry check names the entry and the field.
    servers.forEach((entry, index) => toServerSpec(entry as ServerEntry, `${path}: servers[${index}]`, env));
    throw new AgentConfigError(`${path}: invalid configuration`);
  }
  const keys = new Set<string>();
  const servers = parsed.servers.map((entry, index) => {
    if (keys.has(entry.key)) throw new AgentConfigError(`${path}: servers[${index}]: each server needs its own key`);
    keys.add(entry.key);
    return toServerSpec(entry, `${path}: servers[${index}]`, env);
  });
  return { hub: parsed.hub, servers };
}

import type { AgentLog } from './agent-log.js';
import type { ServerSpec } from './agent-config.js';
import { ConsoleCommandRunner, type CommandOutcome } from './console-commands.js';
import { HubClient, type HubRefusedError, type ProtocolMessage } from './hub-client.js';
import { formatKick } from './kick-command.js';
import type { LogEvent, LogParser } from './log-events.js';
import { LogFollower } from './log-follower.js';
import { createLogParser } from './log-parser.js';
import { parseListOutput, PlayerTracker } from './player-tracker.js';
import { RconClient } from './rcon-client.js';
import { WrappedServer, POWER_ACTIONS, type PowerAction, type PowerOutcome, type ProcessState } from './server-process.js';
import { pingBedrock, pingJava, type PingResult } from './status-ping.js';
import { stripCodes } from './strip-codes.js';

export interface ServerAgentOptions {
  hub: string;
  log: AgentLog;
  statusIntervalMs?: number;
  /** The game server's raw console output (wrap mode), for the agent's own stdout. */
  echo?: (chunk: Buffer) => void;
  /** How long the pre-join check waits for the hub before letting the player in. */
  checkTimeoutMs?: number;
}

/** The hub's `output` cap (docs/game-server-protocol.md). */
const MAX_OUTPUT = 60_000;
const CONSOLE_BATCH_LINES = 200;
const CONSOLE_FLUSH_MS = 100;

function formatUptime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days > 0 ? `${days}d` : '', hours > 0 || days > 0 ? `${hours}h` : '', `${minutes % 60}m`];
  return parts.filter((p) => p !== '').join(' ');
}

/** Refuses what a console would read as two commands, or that could end a line early. */
function unsafeCommand(command: string): string | null {
  if (/[\r\n\u2028\u2029]/.test(command)) return 'Command must be a single line';
  if (command.includes('\0')) return 'Command must not contain NUL';
  return null;
}

/**
 * One game server and its own hub connection: turns its console or log into events, status and
 * console lines, runs the hub's commands and power actions, and kicks listed players before they
 * play.
 */
export class ServerAgent {
  readonly hub: HubClient;
  private readonly parser: LogParser;
  private readonly players = new PlayerTracker();
  private readonly wrapped: WrappedServer | null = null;
  private readonly follower: LogFollower | null = null;
  private readonly rcon: RconClient | null = null;
  private readonly runner: ConsoleCommandRunner | null = null;
  private readonly log: AgentLog;
  private serverId: string | null = null;
  private version: string | null = null;
  private tps: number | null = null;
  private startedAt: number | null = null;
  private stopReported = true;
  private pinged: PingResult | null = null;
  private reachable = false;
  /** Events are handled one at a time, in log order, even while a pre-join check waits for the hub. */
  private chain: Promise<void> = Promise.resolve();
  private consoleLines: string[] = [];
  private consoleTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private statusSoon: NodeJS.Timeout | null = null;
  private refreshing = false;
  private stopped = false;

  constructor(
    readonly spec: ServerSpec,
    private readonly options: ServerAgentOptions,
  ) {
    this.log = options.log;
    this.parser = createLogParser(spec.flavor);
    this.hub = new HubClient({ hub: options.hub, key: spec.key, log: this.log, prepare: (message) => this.stampServerName(message) });
    this.hub.onOpen(() => this.sendStatus());
    this.hub.onMessage((message) =>
      void this.onHubMessage(message).catch((err: unknown) => this.log.error(`handling a hub message failed: ${(err as Error).message}`)),
    );

    if (spec.mode === 'wrap') {
      const wrapped = new WrappedServer({
        exec: spec.exec,
        ...(spec.cwd ? { cwd: spec.cwd } : {}),
        encoding: spec.encoding,
        restart: spec.restart,
        stopTimeoutMs: spec.stopTimeoutMs,
        log: this.log,
        ...(options.echo ? { echo: options.echo } : {}),
      });
      this.wrapped = wrapped;
      this.runner = new ConsoleCommandRunner((line) => wrapped.writeLine(line));
      wrapped.onLine((line) => this.onConsoleLine(line));
      wrapped.onStateChange(() => this.statusChanged());
      wrapped.onExit(() => this.enqueue(async () => this.serverStopped()));
    } else {
      if (spec.log) {
        this.follower = new LogFollower({ path: spec.log, encoding: spec.encoding, log: this.log });
        this.follower.onLine((line) => this.onConsoleLine(line));
      }
      if (spec.rcon) this.rcon = new RconClient(spec.rcon);
    }
  }

  onFatal(handler: (err: HubRefusedError) => void): void {
    this.hub.onFatal(handler);
  }

  async start(): Promise<void> {
    this.hub.connect();
    this.statusTimer = setInterval(() => void this.refresh(), this.options.statusIntervalMs ?? 30_000);
    if (this.wrapped) this.wrapped.start();
    if (this.follower) await this.follower.start();
    if (this.spec.mode === 'attach') void this.refresh();
  }

  /** Stops the wrapped server (`stop`, then a kill after the timeout) and reports it before closing. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.statusTimer) clearInterval(this.statusTimer);
    if (this.statusSoon) clearTimeout(this.statusSoon);
    await this.wrapped?.shutdown();
    await this.follower?.stop();
    await this.rcon?.close().catch(() => undefined);
    await this.chain;
    this.flushConsole();
    await this.hub.close();
  }

  private stampServerName(message: ProtocolMessage): ProtocolMessage {
    if (message.type !== 'minecraft_event') return message;
    const event = message.event as Record<string, unknown>;
    if (event.server_name !== undefined) return message;
    return { ...message, event: { ...event, server_name: this.spec.name ?? this.serverId ?? 'server' } };
  }

  private onConsoleLine(line: string) {
    this.consoleLines.push(line);
    if (this.consoleLines.length >= CONSOLE_BATCH_LINES) this.flushConsole();
    else this.consoleTimer ??= setTimeout(() => this.flushConsole(), CONSOLE_FLUSH_MS);
    this.runner?.observe(stripCodes(line));
    const event = this.parser.parse(line);
    if (event) this.enqueue(() => this.onLogEvent(event));
  }

  private flushConsole() {
    if (this.consoleTimer) clearTimeout(this.consoleTimer);
    this.consoleTimer = null;
    if (this.consoleLines.length === 0) return;
    const lines = this.consoleLines.map((line) => (line.length > 4096 ? line.slice(0, 4096) : line));
    this.consoleLines = [];
    this.hub.send({ type: 'console', lines }, { queue: true });
  }

  private enqueue(task: () => Promise<void> | void) {
    this.chain = this.chain.then(task).catch((err: unknown) => this.log.error(`handling a log line failed: ${(err as Error).message}`));
  }

  private sendEvent(eventType: string, data: Record<string, unknown>) {
    // server_name is filled in when the message leaves: the hub names this key's server on connect.
    this.hub.send({ type: 'minecraft_event', event: { event_type: eventType, timestamp: new Date().toISOString(), data } }, { queue: true });
  }

  private async onLogEvent(event: LogEvent): Promise<void> {
    switch (event.kind) {
      case 'started':
        this.wrapped?.markRunning();
        this.startedAt = Date.now();
        this.stopReported = false;
        this.reachable = true;
        this.sendEvent('server_start', this.version ? { version: this.version } : {});
        this.sendStatus();
        // `list` gives max_players and the true player list at once, not 30 s later.
        setTimeout(() => void this.refresh(), 200).unref();
        return;
      case 'stopping':
        this.wrapped?.markStopping();
        this.reportStop();
        return;
      case 'version':
        this.version = event.version;
        return;
      case 'identity':
        this.players.identify({ name: event.player, ...(event.uuid ? { uuid: event.uuid } : {}), ...(event.xuid ? { xuid: event.xuid } : {}) });
        await this.checkBeforeJoin(event.player, event.xuid);
        return;
      case 'join': {
        if (this.players.isRefused(event.player)) {
          // Kicked at the identity line, but it got in before the kick landed: kick again now it is in.
          void this.kick(event.player, null);
          return;
        }
        const player = this.players.join(event.player, event.xuid);
        this.sendEvent('player_join', { player: player.name, ...(player.uuid ? { uuid: player.uuid } : {}), ...(player.xuid ? { xuid: player.xuid } : {}) });
        this.statusChanged();
        return;
      }
      case 'leave':
        if (this.players.leave(event.player)) {
          this.sendEvent('player_leave', { player: event.player });
          this.statusChanged();
        }
        return;
      case 'chat':
        this.sendEvent('player_chat', { player: event.player, message: event.message });
        return;
      case 'death':
        // A named mob dying prints the same templates: only tracked players die as players.
        if (this.players.isOnline(event.player)) this.sendEvent('player_death', { player: event.player, message: event.message });
        return;
      case 'advancement':
        if (this.players.isOnline(event.player)) this.sendEvent('player_advancement', { player: event.player, advancement: event.advancement });
        return;
      case 'list':
        if (this.players.reconcile(event.players, event.max)) this.statusChanged();
        return;
      case 'tps':
        this.tps = event.tps;
        return;
    }
  }

  /** Asks the hub about a player whose identity just appeared, and kicks a listed one before they play. */
  private async checkBeforeJoin(player: string, xuid: string | undefined) {
    if (!this.hub.connected) return;
    let answer: ProtocolMessage;
    try {
      answer = await this.hub.request({ type: 'check_player', name: player, ...(xuid ? { xuid } : {}) }, this.options.checkTimeoutMs ?? 3000);
    } catch (err) {
      // The hub's own kick on player_join is the second line of defence.
      this.log.warn(`pre-join check for ${player} failed: ${(err as Error).message}`);
      return;
    }
    if (answer.type !== 'check_player_result' || answer.banned !== true) return;
    this.players.refuse(player);
    const message = typeof answer.message === 'string' && answer.message !== '' ? answer.message : null;
    this.log.info(`${player} is on a blacklist: kicking before they join`);
    void this.kick(player, message);
  }

  private async kick(player: string, message: string | null) {
    try {
      const outcome = await this.execute(formatKick(player, message ?? 'You are on a blacklist'));
      if (!outcome.success) this.log.warn(`kicking ${player} failed: ${outcome.output}`);
    } catch (err) {
      this.log.warn(`kicking ${player} failed: ${(err as Error).message}`);
    }
  }

  private serverStopped() {
    this.reportStop();
    this.players.clear();
    this.startedAt = null;
    this.sendStatus();
  }

  private reportStop() {
    if (this.stopReported) return;
    this.stopReported = true;
    this.sendEvent('server_stop', {});
  }

  private async execute(command: string): Promise<CommandOutcome> {
    const refused = unsafeCommand(command);
    if (refused) return { success: false, output: refused };
    if (this.runner) return this.runner.run(command);
    if (this.rcon) {
      try {
        return { success: true, output: await this.rcon.command(command) };
      } catch (err) {
        return { success: false, output: `RCON: ${(err as Error).message}` };
      }
    }
    return {
      success: false,
      output: this.spec.flavor === 'bedrock'
        ? 'Bedrock Dedicated Server has no RCON: this agent is attached read-only'
        : 'This agent has no RCON connection to the server (attached read-only)',
    };
  }

  private async onHubMessage(message: ProtocolMessage) {
    switch (message.type) {
      case 'welcome':
        if (typeof message.server_id === 'string') this.serverId = message.server_id;
        return;
      case 'server_command': {
        const requestId = message.request_id;
        if (typeof requestId !== 'string' || typeof message.command !== 'string') return;
        const outcome = await this.execute(message.command);
        const output = outcome.output.length > MAX_OUTPUT ? `${outcome.output.slice(0, MAX_OUTPUT - 40)}\n… (output truncated)` : outcome.output;
        this.hub.send({ type: 'command_result', request_id: requestId, success: outcome.success, output }, { queue: false });
        this.statusChanged();
        return;
      }
      case 'power': {
        const requestId = message.request_id;
        if (typeof requestId !== 'string') return;
        const outcome = await this.power(message.action);
        this.hub.send({ type: 'power_result', request_id: requestId, ...outcome }, { queue: false });
        return;
      }
      case 'error':
        this.log.debug(`the hub reported: ${String(message.detail)}`);
        return;
      default:
        return;
    }
  }

  private async power(action: unknown): Promise<PowerOutcome> {
    if (!POWER_ACTIONS.includes(action as PowerAction)) return { success: false, detail: `Unknown power action: ${String(action)}` };
    if (!this.wrapped) return { success: false, detail: 'This agent attaches to a server it does not run: power actions need wrap mode' };
    this.log.info(`power action from the hub: ${String(action)}`);
    return this.wrapped.power(action as PowerAction);
  }

  private state(): ProcessState {
    if (this.wrapped) return this.wrapped.state;
    return this.reachable ? 'running' : 'stopped';
  }

  private statusChanged() {
    this.statusSoon ??= setTimeout(() => {
      this.statusSoon = null;
      this.sendStatus();
    }, 100);
  }

  private sendStatus() {
    if (this.stopped && !this.hub.connected) return;
    const counted = this.spec.mode === 'wrap' || this.follower !== null;
    const players = counted ? this.players.names() : (this.pinged?.sample ?? []);
    const status: ProtocolMessage = {
      type: 'server_status',
      mode: this.spec.mode,
      state: this.state(),
      online_players: counted ? players.length : (this.pinged?.online ?? 0),
      players,
    };
    const max = this.players.max ?? this.pinged?.max ?? null;
    if (max !== null) status.max_players = max;
    const version = this.version ?? this.pinged?.version ?? null;
    if (version !== null) status.version = version;
    if (this.startedAt !== null && this.state() === 'running') status.uptime = formatUptime(Date.now() - this.startedAt);
    if (this.tps !== null) status.tps = this.tps;
    this.hub.send(status, { queue: false });
  }

  /** The periodic report: reconciles players with `list` (and Paper's `tps`), pings an attached server. */
  private async refresh() {
    if (this.refreshing || this.stopped) return;
    this.refreshing = true;
    try {
      if (this.spec.mode === 'attach') await this.refreshAttached();
      else if (this.wrapped?.state === 'running') {
        await this.runner!.run('list');
        if (this.spec.flavor === 'paper') await this.runner!.run('tps');
      }
      await this.chain;
      this.sendStatus();
    } catch (err) {
      this.log.warn(`status refresh failed: ${(err as Error).message}`);
    } finally {
      this.refreshing = false;
    }
  }

  private async refreshAttached() {
    if (this.spec.mode !== 'attach') return;
    const { ping } = this.spec;
    if (ping) {
      try {
        this.pinged = await (this.spec.flavor === 'bedrock' ? pingBedrock : pingJava)(ping.host, ping.port, 5000);
        if (!this.reachable) this.startedAt ??= Date.now();
        this.reachable = true;
      } catch {
        this.reachable = false;
        this.pinged = null;
      }
    } else this.reachable = true;
    if (this.rcon && this.reachable) {
      const listed = parseListOutput(await this.rcon.command('list').catch(() => ''));
      if (listed) this.players.reconcile(listed.players, listed.max);
    }
  }
}

import { TestSocket } from './ws.js';

export interface GameServerOptions {
  /** Answers each command; default: success with "ran <command>". */
  answer?: (command: string) => { success: boolean; output: string } | null;
  /** Answers each power action; default: success with "<action> done". */
  power?: (action: string) => { success: boolean; detail: string } | null;
  status?: Record<string, unknown>;
}

/** A game server as a plugin would be: reports status on connect, runs relayed commands. */
export class FakeGameServer {
  readonly commands: Array<{ request_id: string; command: string; server_id: string }> = [];
  readonly powerActions: Array<{ request_id: string; action: string }> = [];

  private constructor(readonly socket: TestSocket) {}

  static async connect(wsUrl: string, serverKey: string, options: GameServerOptions = {}): Promise<FakeGameServer> {
    const socket = await TestSocket.open(`${wsUrl}?api_key=${serverKey}`);
    const game = new FakeGameServer(socket);
    socket.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; request_id: string; command: string; server_id: string; action: string };
      if (message.type === 'power') {
        game.powerActions.push({ request_id: message.request_id, action: message.action });
        const answer = options.power ? options.power(message.action) : { success: true, detail: `${message.action} done` };
        if (answer) socket.send({ type: 'power_result', request_id: message.request_id, ...answer });
        return;
      }
      if (message.type !== 'server_command') return;
      game.commands.push(message);
      const answer = options.answer ? options.answer(message.command) : { success: true, output: `ran ${message.command}` };
      if (answer) socket.send({ type: 'command_result', request_id: message.request_id, ...answer });
    });
    // Connected as far as the hub is concerned once it says welcome: commands can reach us then.
    await socket.nextOfType('welcome');
    socket.send({
      type: 'server_status',
      online_players: 5,
      max_players: 20,
      players: ['Steve', 'Alex'],
      version: '1.20.1',
      tps: 19.8,
      uptime: '2h 30m',
      ...options.status,
    });
    return game;
  }

  close(): void {
    this.socket.close();
  }
}

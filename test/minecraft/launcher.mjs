// A real Java-protocol server (flying-squid) that looks like vanilla on its console: it reprints
// what happens as vanilla log lines on stdout and obeys vanilla console commands on stdin, so the
// agent's wrap mode can run it unchanged. Usage: node launcher.mjs --port <port> [--max-players N]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'max-players': { type: 'string', default: '10' } } });
if (!values.port) throw new Error('--port is required');
const VERSION = '1.21.4';
const maxPlayers = Number(values['max-players']);
const started = performance.now();

// Only this script may write to stdout: flying-squid's readline prompt ("> ") and console.log
// output would otherwise be glued to the agent's input. What it says goes to stderr, its prompts
// and cursor moves nowhere.
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, encoding, callback) => {
  if (String(chunk).replace(/\x1b\[[0-9;]*[A-Za-z]|> /g, '').trim() !== '') process.stderr.write(chunk, typeof encoding === 'string' ? encoding : undefined);
  if (typeof encoding === 'function') encoding();
  else callback?.();
  return true;
};
const two = (n) => String(n).padStart(2, '0');
function log(body) {
  const now = new Date();
  writeStdout(`[${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}] [Server thread/INFO]: ${body}\n`);
}

log(`Starting minecraft server version ${VERSION}`);
const require = createRequire(import.meta.url);
const { createMCServer } = require('flying-squid');
const serv = createMCServer({
  host: '127.0.0.1', port: Number(values.port), 'online-mode': false, 'max-players': maxPlayers,
  motd: 'InterConnect agent test', version: VERSION, logging: false, noConsoleOutput: true,
  // No worldFolder: the world lives in memory, and a flat one with a short view is generated fast.
  generation: { name: 'superflat', options: { worldHeight: 80 } }, 'view-distance': 2,
  gameMode: 0, difficulty: 1, kickTimeout: 10000, plugins: {}, 'everybody-op': false, 'max-entities': 100,
  'player-list-text': { header: { text: 'InterConnect' }, footer: { text: 'test' } },
});
serv.on('error', (error) => process.stderr.write(`server error: ${error.stack}\n`));
serv.on('listening', () => log(`Done (${((performance.now() - started) / 1000).toFixed(3)}s)! For help, type "help"`));

// Clients by lower-case name from login on: vanilla logs the UUID, and a console kick can reach a
// player, before they are in the world.
const clients = new Map();
const kickReasons = new WeakMap();
serv._server.on('login', (client) => {
  clients.set(client.username.toLowerCase(), client);
  log(`UUID of player ${client.username} is ${client.uuid}`);
  client.once('end', () => {
    if (clients.get(client.username.toLowerCase()) === client) clients.delete(client.username.toLowerCase());
  });
});
serv.on('newPlayer', (player) => {
  // Kicked before the join: the client's last packets can still get it this far, and flying-squid
  // would then put a closed connection in the world. It calls player.login after this event.
  if (kickReasons.has(player._client)) {
    player.login = async () => {};
    // Marked as gone, flying-squid's own clean-up on close does not announce a player never shown.
    player.disconnected = true;
    delete serv.entities[player.id];
    return;
  }
  player.on('connected', () => {
    log(`${player.username} joined the game`);
    player._client.once('end', () => {
      log(`${player.username} lost connection: ${kickReasons.get(player._client) ?? 'Disconnected'}`);
      log(`${player.username} left the game`);
    });
  });
  player.on('chat', ({ message }) => log(`<${player.username}> ${message}`));
});

// minecraft-protocol sends no reason in the configuration state, and a reason sent while the two
// sides switch states is read by the client as another packet: kick as the client enters play.
function kickClient(client, reason) {
  if (client.state !== 'play') return void client.once('state', () => kickClient(client, reason));
  client.end(reason);
  // A bot may leave its side open after a kick; the server's close on stop would wait 30 s for it.
  client.socket?.once('finish', () => client.socket.destroy());
}
let stopping = false;
const online = () => serv.players.filter((p) => !p.disconnected);
const commands = {
  list: () => log(`There are ${online().length} of a max of ${maxPlayers} players online: ${online().map((p) => p.username).join(', ')}`),
  say: (message) => {
    serv.broadcast(`[Server] ${message}`);
    log(`[Server] ${message}`);
  },
  kick: (args) => {
    const [name = '', ...words] = args.split(' ');
    const reason = words.join(' ') || 'Kicked by an operator';
    const client = clients.get(name.toLowerCase());
    if (!client) return log('No player was found');
    kickReasons.set(client, reason);
    kickClient(client, reason);
    log(`Kicked ${client.username}: ${reason}`);
  },
  stop: async () => {
    if (stopping) return;
    stopping = true;
    log('Stopping server');
    for (const player of online()) kickReasons.set(player._client, 'Server closed');
    // quit kicks everyone, then gives lingering connections a second before it gives up on them.
    await serv.quit('Server closed').catch((error) => process.stderr.write(`stop: ${error.message}\n`));
    process.exit(0);
  },
};
// flying-squid's own console reads stdin and calls serv.handleCommand for each line: answering
// there instead of on a second reader keeps one command from running twice.
serv.handleCommand = async (line) => {
  const [name = '', ...rest] = line.trim().split(' ');
  const command = commands[name.toLowerCase()];
  if (command) await command(rest.join(' '));
  else if (name !== '') log('Unknown or incomplete command, see below for error');
};
// An agent that dies without sending `stop` closes our stdin: stop then, rather than linger.
process.stdin.once('end', () => commands.stop());

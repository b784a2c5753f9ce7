import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Connection options that only exist for an upgrade; kept, they would make the parser upgrade again. */
const UPGRADE_TOKENS = new Set(['upgrade', 'http2-settings']);

function wantsWebSocket(request: IncomingMessage): boolean {
  return (request.headers.upgrade ?? '').split(',').some((p) => p.trim().toLowerCase() === 'websocket');
}

/** The request line and headers again, without the upgrade, followed by the bytes read after them. */
function withoutUpgrade(request: IncomingMessage, head: Buffer): Buffer {
  const lines = [`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/${request.httpVersion}`];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const value = raw[i + 1] ?? '';
    const lower = name.toLowerCase();
    if (lower === 'upgrade' || lower === 'http2-settings') continue;
    if (lower === 'connection') {
      const kept = value.split(',').map((t) => t.trim()).filter((t) => t !== '' && !UPGRADE_TOKENS.has(t.toLowerCase()));
      if (kept.length > 0) lines.push(`${name}: ${kept.join(', ')}`);
      continue;
    }
    lines.push(`${name}: ${value}`);
  }
  // Header bytes arrive as latin1 strings, so latin1 writes back exactly what was sent.
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), head]);
}

/**
 * Java's HttpClient asks every plain-HTTP request to upgrade to h2c. Node hands any request with
 * `Connection: Upgrade` to the `upgrade` listeners (the WebSocket server), which mangles ordinary
 * requests, and Node 20 has no per-request opt-out. HTTP/1.1 lets a server ignore an upgrade it
 * does not support: this passes WebSocket upgrades on and feeds every other one back to the HTTP
 * parser as the plain request it also is, body bytes included.
 * Call it once every `upgrade` listener is attached (Fastify's onReady).
 */
export function ignoreNonWebSocketUpgrades(server: Server): void {
  const listeners = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (wantsWebSocket(request)) {
      for (const listener of listeners) listener.call(server, request, socket, head);
      return;
    }
    socket.unshift(withoutUpgrade(request, head));
    server.emit('connection', socket);
  });
}

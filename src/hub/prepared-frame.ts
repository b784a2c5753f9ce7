import type { WebSocket } from 'ws';

/**
 * One WebSocket text frame, built once and written as-is to many sockets.
 *
 * Hand-written because ws has no public way to send a pre-framed message: `socket.send()`
 * converts the string to bytes and frames it again for every socket, which at thousands of
 * subscribers is most of the fan-out cost. A server frame is unmasked (RFC 6455 §5.1), so the
 * same bytes are valid on every connection; the buffer is shared, never copied per socket.
 */
export interface PreparedFrame {
  readonly payload: string;
  readonly bytes: Buffer;
}

/** FIN + opcode 1 (text): a whole message in one frame. */
const FIN_TEXT = 0x81;

export function prepareTextFrame(payload: string): PreparedFrame {
  const length = Buffer.byteLength(payload);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const bytes = Buffer.allocUnsafe(header + length);
  bytes[0] = FIN_TEXT;
  if (length < 126) {
    bytes[1] = length;
  } else if (length < 65_536) {
    bytes[1] = 126;
    bytes.writeUInt16BE(length, 2);
  } else {
    bytes[1] = 127;
    // A 64-bit length; payloads here are far below 2^48, so the top two bytes are zero.
    bytes.writeUInt16BE(0, 2);
    bytes.writeUIntBE(length, 4, 6);
  }
  bytes.write(payload, header, 'utf8');
  return { payload, bytes };
}

/** The parts of ws 8's WebSocket and Sender this file relies on (lib/websocket.js, lib/sender.js). */
interface WsInternals {
  _isServer?: unknown;
  _extensions?: Record<string, unknown>;
  _sender?: { _state?: unknown; sendFrame?: unknown } | null;
  _socket?: { cork?: unknown; uncork?: unknown } | null;
}

interface Stream {
  cork(): void;
  uncork(): void;
}

/** Sender's idle state: nothing being compressed or read, so its queue is empty. */
const SENDER_IDLE = 0;

/**
 * Writes prepared frames through each socket's own sender, so ws's ordering and `bufferedAmount`
 * (which reads the TCP socket's write queue) stay as they are.
 *
 * A socket's first frame in a tick is written at once; from its second on, the socket is corked
 * until the tick ends, so the rest of a burst (a committed batch, several events off the bus) leaves
 * in one write instead of one each: the write is most of a delivery's cost. Corking the first frame
 * too would save one more write, but measured at 5,000 sockets it delayed a lone event's delivery.
 */
export class FrameWriter {
  /** Sockets written to in this tick; those also in `corked` hold their later frames until it ends. */
  private readonly written = new Set<Stream>();
  private readonly corked = new Set<Stream>();

  write(socket: WebSocket, frame: PreparedFrame): void {
    const internals = socket as unknown as WsInternals;
    const sender = internals._sender;
    const stream = internals._socket;
    if (
      internals._isServer !== true ||
      sender?._state !== SENDER_IDLE ||
      typeof sender.sendFrame !== 'function' ||
      typeof stream?.cork !== 'function' ||
      typeof stream.uncork !== 'function' ||
      internals._extensions === undefined ||
      'permessage-deflate' in internals._extensions
    ) {
      // Not shareable: permessage-deflate compresses per connection, a busy sender has a queue this
      // frame must not jump, and a ws version with other internals is not guessed at.
      socket.send(frame.payload);
      return;
    }
    const corkable = stream as Stream;
    if (this.written.size === 0) process.nextTick(() => this.flush());
    if (!this.written.has(corkable)) this.written.add(corkable);
    else if (!this.corked.has(corkable)) {
      corkable.cork();
      this.corked.add(corkable);
    }
    (sender.sendFrame as (list: Buffer[]) => void).call(sender, [frame.bytes]);
  }

  private flush() {
    const streams = [...this.corked];
    this.written.clear();
    this.corked.clear();
    for (const stream of streams) stream.uncork();
  }
}

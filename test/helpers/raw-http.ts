import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole answer as received. */
  text: string;
}

/**
 * Writes `bytes` to the server exactly as given and reads one response (the server must close, or
 * answer with a Content-Length; `Connection: close` in the request makes that certain). With
 * `untilClose`, everything the server sends until it closes (several pipelined answers).
 */
export function rawRequest(url: string, bytes: string | Buffer, options: { untilClose?: boolean } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), text });
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One complete response with a known length is enough, even on a kept-alive connection.
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
      if (!options.untilClose && end >= 0 && length && Buffer.concat(chunks).length >= end + 4 + Number(length[1])) finish();
    });
    socket.on('end', finish);
    socket.on('error', (err) => (settled ? undefined : reject(err)));
    socket.setTimeout(5000, () => finish());
    socket.write(bytes);
  });
}

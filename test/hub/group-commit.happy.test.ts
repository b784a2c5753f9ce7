import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheus, sampleValue } from '../helpers/prometheus.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function metric(name: string): Promise<number> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.adminKey}` } });
  return sampleValue(parsePrometheus(await res.text()), name) ?? 0;
}

/**
 * From another process (a client sharing the service's event loop would hand it one request per
 * turn), opens `count` connections, then writes one event request on each at once.
 */
async function postAtOnce(count: number): Promise<number[]> {
  const script = `
    const net = require('node:net');
    const [port, key, count] = process.argv.slice(1);
    const sockets = [];
    let connected = 0;
    const statuses = [];
    for (let i = 0; i < Number(count); i++) {
      const socket = net.connect(Number(port), '127.0.0.1', () => { if (++connected === Number(count)) fire(); });
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('close', () => {
        statuses.push(Number((/^HTTP\\/1\\.1 (\\d{3})/.exec(text) || [])[1] || 0));
        if (statuses.length === Number(count)) process.stdout.write(JSON.stringify(statuses));
      });
      sockets.push(socket);
    }
    function fire() {
      sockets.forEach((socket, i) => {
        const body = JSON.stringify({ event_type: 'message', server_name: 'lobby', timestamp: new Date().toISOString(), data: { tag: 'batch-' + i } });
        socket.write('POST /api/events HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer ' + key +
          '\\r\\nContent-Type: application/json\\r\\nContent-Length: ' + Buffer.byteLength(body) + '\\r\\nConnection: close\\r\\n\\r\\n' + body);
      });
    }`;
  const { stdout } = await run(process.execPath, ['-e', script, new URL(server.url).port, server.adminKey, String(count)]);
  return JSON.parse(stdout) as number[];
}

describe('group commit', () => {
  it('writes concurrent events in shared transactions, each answered after its batch committed', async () => {
    const batchesBefore = await metric('interconnect_event_batch_size_count');
    const eventsBefore = await metric('interconnect_event_batch_size_sum');
    const answers = (await postAtOnce(200)).map((status) => ({ status }));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // Every acknowledged event is readable at once: the answer came after its commit.
    const page = await api<{ events: Array<{ data: { tag: string } }> }>(server.url, 'GET', '/api/events?limit=500', { key: server.adminKey });
    expect(page.body.events.filter((e) => e.data.tag.startsWith('batch-'))).toHaveLength(200);
    const batches = (await metric('interconnect_event_batch_size_count')) - batchesBefore;
    expect((await metric('interconnect_event_batch_size_sum')) - eventsBefore).toBe(200);
    // 200 requests arriving together share transactions.
    expect(batches).toBeLessThan(200);
    expect(batches).toBeGreaterThan(0);
  });
});

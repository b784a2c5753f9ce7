import { request as httpRequest } from 'node:http';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

export const V3 = '/openapi/v3';

export interface Owner {
  regularKey: string;
  regularId: string;
  serverKey: string;
  serverKeyId: string;
  serverId: string;
}

let counter = 0;

/** A regular key with its linked server key, created through /manage/keys. */
export async function createOwner(server: TestServer, name = 'owner'): Promise<Owner> {
  counter += 1;
  const serverId = `${name}-${counter}`;
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name, server_id: serverId } });
  if (res.status !== 201) throw new Error(`key creation failed: ${res.status}`);
  return {
    regularKey: res.body.regularKey.key,
    regularId: res.body.regularKey.id,
    serverKey: res.body.serverKey.key,
    serverKeyId: res.body.serverKey.id,
    serverId,
  };
}

/** A fresh service and one owner on it, the start of most blacklist suites. */
export async function startWithOwner(name?: string): Promise<{ server: TestServer; owner: Owner }> {
  const server = await startTestServer();
  return { server, owner: await createOwner(server, name) };
}

export async function createRepository(server: TestServer, key: string, body: Record<string, unknown> = { name: 'Test repo', type: 2 }): Promise<string> {
  const res = await api(server.url, 'POST', '/manage/blacklist/repositories', { key, body });
  if (res.status !== 201) throw new Error(`repository creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.uuid as string;
}

export async function upload(server: TestServer, key: string, body: Record<string, unknown>) {
  return api(server.url, 'POST', `${V3}/private/repositories/piece/upload`, { key, body });
}

/** Uploads and returns the piece UUID, failing loudly otherwise. */
export async function addPiece(server: TestServer, key: string, body: Record<string, unknown>): Promise<string> {
  const res = await upload(server, key, body);
  if (res.body?.status !== 2000) throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
  return res.body.data.uuid as string;
}

/** A raw GET with full control over the request line and headers (fetch normalises both). */
export function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function uniqueName(prefix = 'Player'): string {
  counter += 1;
  return `${prefix}${counter}x${Math.floor(Math.random() * 1e6)}`;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let paths: Record<string, Record<string, any>>;
beforeAll(async () => {
  server = await startTestServer();
  paths = (await api(server.url, 'GET', '/openapi.json')).body.paths;
});
afterAll(() => server.close());

const HUB_ROUTES: Array<[string, string]> = [
  ['get', '/manage/keys'], ['post', '/manage/keys'], ['get', '/manage/keys/server-keys'], ['post', '/manage/keys/server-keys'],
  ['get', '/manage/keys/{key_id}'], ['delete', '/manage/keys/{key_id}'],
  ['patch', '/manage/keys/{key_id}/activate'], ['patch', '/manage/keys/{key_id}/deactivate'],
  ['post', '/api/events'], ['get', '/api/events'], ['get', '/api/server/info'], ['get', '/api/servers'],
  ['post', '/api/server/command'], ['get', '/api/server/console'], ['post', '/api/server/power'], ['get', '/manage/audit'], ['get', '/ws'],
];

describe('the hub in GET /openapi.json', () => {
  it('documents every hub route with its tag, summary, Bearer security and the {detail} refusals', () => {
    for (const [method, path] of HUB_ROUTES) {
      const op = paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.tags, path).toEqual(['hub']);
      expect(typeof op.summary).toBe('string');
      expect(op.security, path).toContainEqual({ bearerKey: [] });
      expect(op.responses['401'].content['application/json'].schema.properties.detail.type).toBe('string');
    }
    for (const path of ['/health', '/']) expect(paths[path]!.get.tags).toEqual(['service']);
  });

  it('describes the WebSocket: its key in the query or as Bearer, the subprotocols and the frames', () => {
    const ws = paths['/ws']!.get;
    // `?api_key=` is the queryKey scheme, so the generator lists it under security, not as a parameter.
    expect(ws.security).toEqual([{ bearerKey: [] }, { queryKey: [] }]);
    expect(ws.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:since', 'header:sec-websocket-protocol']),
    );
    for (const word of ['minecraft_event', 'Sec-WebSocket-Protocol', 'interconnect', 'ping', 'server_command', '4001']) expect(ws.description).toContain(word);
  });

  it('states the request bodies with their required fields', () => {
    expect(paths['/api/events']!.post.requestBody.content['application/json'].schema.required).toEqual(['event_type', 'server_name', 'timestamp', 'data']);
    expect(paths['/manage/keys/server-keys']!.post.requestBody.content['application/json'].schema.required).toEqual(['name', 'regular_key_id']);
    expect(paths['/api/server/command']!.post.requestBody.content['application/json'].schema.required).toEqual(['command']);
  });
});

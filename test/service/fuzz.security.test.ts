import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loginOk, startHostingWorld, type HostingWorld } from '../hosting/harness.js';

/**
 * Schema-driven fuzzing: walks the service's own OpenAPI document and sends malformed requests to
 * every operation (hostile path segments, repeated and out-of-range query parameters, bodies of the
 * wrong shape, type, size, depth and content type), with and without valid credentials. No answer
 * may be a 5xx the operation does not document, and every refusal must carry its module's envelope.
 * Seeded, so a failure replays; bounded in count and time.
 */

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  label: string;
  documented: Set<number>;
}

const SEED = 0x1c0ffee;
const MAX_REQUESTS = 4000;
const CONCURRENCY = 8;

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_SEGMENTS = ['..', '%2e%2e', '%00', 'a%00b', "'; drop table api_keys; --", '%E2%80%AE', 'x'.repeat(2000), '-1', 'NaN', '1e309', '%20', '{id}', '😀'].map(
  (s) => (s.includes('%') ? s : encodeURIComponent(s)),
);
const HOSTILE_NUMBERS = ['NaN', '-1', '1e309', '-1e309', '1.5', '', '0x10', '9'.repeat(40), 'Infinity', ' 1'];
const HOSTILE_STRINGS = ['', 'x'.repeat(5000), '%00', '\u0000', '[]', '{}', 'null', '%ff'];
const WRONG_VALUES: unknown[] = [null, true, 0, -1, 1e308, 'x', '', [], {}, [1, 2], { a: { b: {} } }, 'x'.repeat(70_000)];

function deepJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

function typeOf(schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  const t = schema.type ?? schema.anyOf?.[0]?.type ?? schema.oneOf?.[0]?.type;
  return Array.isArray(t) ? t[0] : t;
}

/** A plausible value for a schema, so that one wrong field is the only thing wrong. */
function sample(schema: Schema | undefined): unknown {
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema?.required ?? []) out[name] = sample(schema?.properties?.[name]);
      return out;
    }
    default:
      return schema?.enum?.[0] ?? 'fuzz';
  }
}

function envelopeProblem(path: string, status: number, contentType: string, text: string): string | undefined {
  if (path.startsWith('/panel/') && !path.startsWith('/panel/api/') && contentType.includes('text/html')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 80)}`;
  }
  const b = body as Record<string, unknown>;
  if (path.startsWith('/openapi/v3/')) {
    return b.success === false && typeof b.status === 'number' && Array.isArray(b.data) ? undefined : 'no BlackBE envelope';
  }
  if (path.startsWith('/api/user') || path.startsWith('/api/code')) {
    return typeof b.code === 'number' && typeof b.message === 'string' ? undefined : 'no BoardMate envelope';
  }
  if (path.startsWith('/panel/')) return typeof b.message === 'string' ? undefined : 'no panel envelope';
  return typeof b.detail === 'string' ? undefined : `no {detail} envelope (${status})`;
}

/** By path, not URL: a URL would normalise the hostile `..` segments away before they are sent. */
function send(base: URL, c: Case): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...c.headers };
    if (c.body !== undefined) headers['content-length'] = String(Buffer.byteLength(c.body));
    const req = http.request({ host: base.hostname, port: base.port, method: c.method, path: c.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    // A server may answer (413, 400) and close before reading a large body: that is an answer too.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve({ status: 0, contentType: '', text: '' }) : reject(err)));
    if (c.body !== undefined) req.end(c.body);
    else req.end();
  });
}

let world: HostingWorld;
let session: string;
let doc: OpenApi;
beforeAll(async () => {
  world = await startHostingWorld();
  session = await loginOk(world, '400000000000000001');
  doc = (await (await fetch(`${world.url}/openapi.json`)).json()) as OpenApi;
});
afterAll(() => world.close());

function buildCases(): Case[] {
  const random = prng(SEED);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const origin = world.url;
  const credentials: Array<Record<string, string>> = [
    {},
    { authorization: 'Bearer mc_admin_notarealkeynotarealkeynotareal12' },
    { authorization: `Bearer ${world.server.adminKey}`, cookie: `ic_hosting_session=${session}`, origin },
  ];
  const cases: Case[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const documented = new Set(Object.keys(op.responses ?? {}).map(Number));
      const params = op.parameters ?? [];
      const query = params.filter((p) => p.in === 'query');
      const fill = (hostile?: string) =>
        template.replace(/\{([^}]+)\}/g, (_m, name: string) => (hostile !== undefined && random() < 0.7 ? hostile : encodeURIComponent(`fuzz-${name}`)));
      const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
      const add = (label: string, path: string, extra: Partial<Case> = {}) => {
        for (const cred of credentials) {
          cases.push({ method: method.toUpperCase(), path, headers: { ...cred, ...extra.headers }, body: extra.body, label, documented });
        }
      };

      for (const segment of HOSTILE_SEGMENTS) if (template.includes('{')) add(`path ${segment.slice(0, 12)}`, fill(segment));
      for (const p of query) {
        const type = typeOf(p.schema);
        add(`repeat ?${p.name}`, `${fill()}?${p.name}=a&${p.name}=b`);
        for (const value of type === 'integer' || type === 'number' ? HOSTILE_NUMBERS : HOSTILE_STRINGS) {
          add(`?${p.name}=${value.slice(0, 12)}`, `${fill()}?${p.name}=${encodeURIComponent(value)}`);
        }
        add(`?${p.name}[x]`, `${fill()}?${p.name}[x]=1&${p.name}[y][z]=2`);
      }
      add('unknown query', `${fill()}?${'z'.repeat(8)}=1&__proto__=x&constructor[prototype]=y`);

      const json = { 'content-type': 'application/json' };
      for (const body of ['[]', '"x"', '1', 'null', 'true', '{"a":', '{"__proto__":{"x":1}}', deepJson(10_000)]) {
        add(`body ${body.slice(0, 12)}`, fill(), { headers: json, body });
      }
      add('body 2 MB', fill(), { headers: json, body: JSON.stringify({ x: 'x'.repeat(2 * 1024 * 1024) }) });
      const base = sample(jsonSchema ?? { type: 'object' }) as Record<string, unknown>;
      for (const name of Object.keys(jsonSchema?.properties ?? {})) {
        for (let i = 0; i < 3; i += 1) add(`field ${name}`, fill(), { headers: json, body: JSON.stringify({ ...base, [name]: pick(WRONG_VALUES) }) });
      }
      for (const name of jsonSchema?.required ?? []) {
        const { [name]: _dropped, ...rest } = base;
        add(`missing ${name}`, fill(), { headers: json, body: JSON.stringify(rest) });
      }
      for (const [type, body] of [
        ['text/plain', 'hello'],
        ['multipart/form-data', 'x'],
        ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="key"\r\n\r\nv'],
        ['application/x-www-form-urlencoded', 'a=%zz&b'],
        ['application/xml', '<a/>'],
        ['application/json; charset=latin9', '{}'],
      ] as const) {
        add(`content-type ${type.slice(0, 24)}`, fill(), { headers: { 'content-type': type }, body });
      }
    }
  }
  // Deterministic thinning when the document grows past the bound.
  while (cases.length > MAX_REQUESTS) cases.splice(Math.floor(random() * cases.length), 1);
  return cases;
}

it('answers thousands of malformed requests over every documented route with a 4xx in the right envelope', async () => {
  const cases = buildCases();
  expect(cases.length).toBeGreaterThan(1000);
  const base = new URL(world.url);
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const c = cases[next++];
      if (!c) return;
      const res = await send(base, c);
      if (res.status === 0) continue;
      const allowed5xx = res.status >= 500 && res.status !== 500 && c.documented.has(res.status);
      if (res.status >= 500 && !allowed5xx) failures.push(`${res.status} ${c.method} ${c.path.slice(0, 100)} [${c.label}] ${res.text.slice(0, 120)}`);
      else if (res.status >= 400) {
        const problem = envelopeProblem(c.path, res.status, res.contentType, res.text);
        if (problem) failures.push(`${res.status} ${c.method} ${c.path.slice(0, 100)} [${c.label}] ${problem}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  expect(failures.slice(0, 30)).toEqual([]);
}, 180_000);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { addPiece, createRepository, startWithOwner, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
let repo: string;

async function names(): Promise<string[]> {
  const res = await api(server.url, 'GET', `/manage/blacklist/repositories/${repo}/pieces?page_size=500`, { key: owner.regularKey });
  return res.body.pieces.map((p: { name: string }) => p.name);
}

beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
  repo = await createRepository(server, owner.regularKey, { name: 'Target' });
  await addPiece(server, owner.regularKey, { black_id: repo, name: 'Existing', xuid: '2535000000000001' });
});
afterAll(() => server.close());

describe('a bad import file is refused whole', () => {
  it('names the index of the first invalid piece and writes nothing', async () => {
    const pieces = [{ name: 'Good1' }, { name: 'Good2' }, { name: 'Bad', level: 7 }, { name: 'Good3' }];
    const res = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import`, { key: owner.regularKey, body: { pieces } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'pieces[2]: level must be 1, 2 or 3' });
    expect(await names()).toEqual(['Existing']);
  });

  it('refuses duplicates within the file or against the repository', async () => {
    const pieces = Array.from({ length: 1200 }, (_, i) => ({ name: `Bulk${i}` }));
    pieces.push({ name: 'bulk5' });
    const res = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import`, { key: owner.regularKey, body: pieces });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^pieces\[1200\]: the same player as pieces\[5\]/);
    const existing = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import`, { key: owner.regularKey, body: [{ name: 'Fresh' }, { name: 'EXISTING' }] });
    expect(existing.status).toBe(400);
    expect(existing.body.detail).toMatch(/^pieces\[1\]: EXISTING is already in this repository/);
    const late = [...Array.from({ length: 700 }, (_, i) => ({ name: `Late${i}` })), { name: 'Renamed', xuid: '2535000000000001' }];
    const byXuid = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import`, { key: owner.regularKey, body: late });
    expect(byXuid.status).toBe(400);
    expect(byXuid.body.detail).toBe('pieces[700]: Renamed is already in this repository');
    expect(await names()).toEqual(['Existing']);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${repo}`, { key: owner.regularKey })).body.list_num).toBe(1);
  });

  it('keeps the old content when a replace import fails', async () => {
    const res = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import?replace=true`, { key: owner.regularKey, body: [{ name: 'A' }, { name: 'a' }] });
    expect(res.status).toBe(400);
    expect(await names()).toEqual(['Existing']);
  });

  it('reports the line of a JSON syntax error', async () => {
    const raw = '{\n  "pieces": [\n    {"name": "A"},\n    {"name": "B",}\n  ]\n}';
    const res = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import`, { key: owner.regularKey, raw });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/not valid JSON at line 4/);
  });

  it('refuses an empty file, a wrong shape and a bad replace flag', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['', '', /empty/],
      ['', '{"repository": {}}', /"pieces"/],
      ['', '"text"', /"pieces"/],
      ['', '[5]', /pieces\[0\]: a piece must be a JSON object/],
      ['?replace=yes', '[]', /replace must be true or false/],
    ];
    for (const [query, raw, detail] of cases) {
      const res = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import${query}`, { key: owner.regularKey, raw });
      expect(res.status, raw).toBe(400);
      expect(res.body.detail, raw).toMatch(detail);
    }
    expect(await names()).toEqual(['Existing']);
  });
});

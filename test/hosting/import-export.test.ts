import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestServer } from '../helpers/server.js';
import { form } from './harness.js';


function boardmateFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'boardmate-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(data, name), typeof content === 'string' ? content : JSON.stringify(content, null, 4));
  }
  return data;
}

const goodFiles = {
  'user.json': {
    '111': { id: 5, money: 5269, resource: { memory: 4096, disk: 4096, cpu: 0, servers: 0 } },
    '222': { id: 6, money: 0, resource: { memory: 0, disk: 0, cpu: 0, servers: 1 } },
  },
  'code.json': { MYCODE: { user: ['222', '111'], use: 5, money: 100 } },
  'api.json': {
    key: 'A'.repeat(50),
    log: [
      { time: 1727900000, message: '新增/編輯代碼 MYCODE 可使用5次 可獲得100$' },
      { time: 1727900100, message: '搜尋用戶 111' },
    ],
  },
};

describe('import-boardmate and hosting export-log (CLI)', () => {
  it('imports a BoardMate data folder whole, and export-log writes data/api.json back', async () => {
    const work = mkdtempSync(join(tmpdir(), 'hosting-import-'));
    const env = { DATABASE_PATH: join(work, 'ic.db') };
    const folder = boardmateFolder(goodFiles);
    const imported = await runCli(['import-boardmate', folder], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported 2 users, 1 codes (2 redemptions), 2 API log entries');
    expect(imported.stdout).toContain('HOSTING_API_KEY');

    const server = await startTestServer(env);
    try {
      const user = await form(server.url, 'GET', '/api/user/111', { key: server.adminKey });
      expect(user.body).toEqual({ money: 5269, now: { cpu: 0, disk: 0, memory: 0, servers: 0 }, resource: { cpu: 0, disk: 4096, memory: 4096, servers: 0 }, server: {} });
      const codes = await form(server.url, 'GET', '/api/code', { key: server.adminKey });
      expect(codes.body).toEqual({ MYCODE: { money: 100, use: 5, user: ['222', '111'] } });

      // export-log asks the running service, like every client command; the key comes from the CLI's own environment.
      const out = join(work, 'api.json');
      const exported = await runCli(['-s', server.url, '-k', server.adminKey, 'hosting', 'export-log', '-o', out], { HOSTING_API_KEY: 'legacy' }, work);
      expect(exported.code, exported.stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      const file = JSON.parse(text) as { key: string; log: { time: number; message: string }[] };
      expect(file.key).toBe('legacy');
      expect(file.log.slice(0, 2)).toEqual(goodFiles['api.json'].log);
      expect(file.log.slice(2).map((l) => l.message)).toEqual(['搜尋用戶 111', '查詢代碼']);
      expect(file.log[2]!.time).toBeGreaterThan(1727900100);
      // json.dump(indent=4, ensure_ascii=False): four-space indent, characters not escaped.
      expect(text).toContain('\n    "log": [\n        {\n            "time": 1727900000,');
      expect(text).toContain('新增/編輯代碼');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('refuses a malformed file whole, naming the file and field, and imports nothing', async () => {
    const work = mkdtempSync(join(tmpdir(), 'hosting-import-'));
    const env = { DATABASE_PATH: join(work, 'ic.db') };
    const bad = boardmateFolder({ ...goodFiles, 'code.json': { MYCODE: { user: [], use: 'five', money: 100 } } });
    const failed = await runCli(['import-boardmate', bad], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('code.json: MYCODE.use must be integer; nothing was imported');

    const broken = boardmateFolder({ 'user.json': '{"111": {"id": 5,' });
    expect((await runCli(['import-boardmate', broken], env)).stderr).toContain('user.json: not valid JSON');

    const wrongKey = boardmateFolder({ 'user.json': { alice: { id: 1, money: 0, resource: { memory: 0, disk: 0, cpu: 0, servers: 0 } } } });
    expect((await runCli(['import-boardmate', wrongKey], env)).stderr).toContain('user.json: alice is not a Discord user id');

    const server = await startTestServer(env);
    try {
      expect((await form(server.url, 'GET', '/api/user/111', { key: server.adminKey })).status).toBe(404);
      expect((await form(server.url, 'GET', '/api/code', { key: server.adminKey })).body).toEqual({});
    } finally {
      await server.close();
    }
  }, 60_000);
});

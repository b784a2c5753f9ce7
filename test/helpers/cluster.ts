import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis } from './redis.js';
import { startTestServer, type TestServer } from './server.js';

export interface TwoNodes {
  a: TestServer;
  b: TestServer;
  close(): Promise<void>;
}

/** Two nodes of the real service sharing one SQLite file and a throwaway Redis, with a fixed admin key. */
export async function startTwoNodes(adminKey: string, env: Record<string, string> = {}): Promise<TwoNodes> {
  const redis = await startRedis();
  const dir = mkdtempSync(join(tmpdir(), 'ic-cluster-'));
  const shared = { REDIS_URL: redis.url, DATABASE_PATH: join(dir, 'shared.db'), INITIAL_ADMIN_KEY: adminKey, ...env };
  const a = await startTestServer(shared);
  const b = await startTestServer(shared);
  return {
    a,
    b,
    async close() {
      await a.service.close();
      await b.service.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

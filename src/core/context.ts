import type { Logger } from 'pino';
import type { Bus } from '../bus/index.js';
import type { Config } from '../config.js';
import type { Dialect } from '../storage/database.js';
import type { AuditService } from './audit.js';
import type { Authenticator } from './auth.js';
import type { Clock } from './clock.js';
import type { KeyService } from './keys.js';
import type { Metrics } from './metrics.js';

/** What every module is given: shared services, never another module's tables. */
export interface AppContext {
  config: Config;
  dialect: Dialect;
  bus: Bus;
  log: Logger;
  clock: Clock;
  keys: KeyService;
  audit: AuditService;
  /** Key lookup with per-address failure limiting; every module authenticates through it. */
  auth: Authenticator;
  /** What `GET /metrics` exports; every module counts into it. */
  metrics: Metrics;
  /** True when the database answers. */
  ping(): Promise<boolean>;
}

import type PgBoss from 'pg-boss';
import type { Config } from './config.ts';
import type { Db } from './db/knex.ts';
import type { Logger } from './lib/logger.ts';
import type { ChangeHub } from './realtime/hub.ts';
import type { GraphClients } from './channels/clients.ts';
import type { Wakeup } from './lib/wakeup.ts';

/** Resolved secrets: from the environment, or generated into DATA_DIR in embedded mode. */
export interface Keys {
  jwtSecret: Uint8Array;
  encryptionKey: Buffer;
  metaAppSecret: string | null;
  metaVerifyToken: string | null;
}

/** Everything a route, service or job needs, built once at boot. */
export interface AppContext {
  config: Config;
  db: Db;
  databaseUrl: string;
  boss: PgBoss;
  logger: Logger;
  keys: Keys;
  hub: ChangeHub;
  graph: GraphClients;
  /** Base URL of the Meta/OpenAI simulator for sandbox numbers (in-app or SANDBOX_URL), once known. */
  sandboxUrl: string | null;
  defaultWorkspaceId: string;
  /** In-process signals that cut a worker loop's idle wait short (webhook stored, reply queued). */
  wake: { webhooks: Wakeup; replies: Wakeup };
  version: string;
  commit: string | null;
  startedAt: Date;
}

export interface AuthUser {
  id: string;
  email: string;
  role: string;
  workspaceId: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: AuthUser;
    }
  }
}

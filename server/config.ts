import { z } from 'zod';

// Every environment variable Parley reads, validated once at start-up.
// Optional secrets (JWT_SECRET, ENCRYPTION_KEY, META_APP_SECRET) are generated and kept in
// DATA_DIR when Parley runs on its embedded Postgres, so a fresh clone starts with no setup;
// with DATABASE_URL several instances share one database, so they must be set explicitly.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number({ error: 'must be a whole number from 1 to 65535' }).int().min(1).max(65535);
const secret = (min: number) => z.string().min(min, `must be at least ${min} characters`);
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Asia/Kolkata' },
);
// Comma-separated, compared case-insensitively: stored lower-cased.
const emailList = z
  .string()
  .transform((v) => v.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.email('must be email addresses separated by commas')).min(1, 'must name at least one email address'));
const encryptionKey = z
  .string()
  .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64');

/** Every variable the server reads; server/config-env.test.ts holds .env.example to exactly these. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number({ error: 'must be a whole number from 0 to 65535' }).int().min(0).max(65535).default(8080),
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().default('loopback'),
  APP_TIMEZONE: timezone.default('Asia/Kolkata'),
  // Where browsers reach Parley (the web chat snippet's script URL); unset: the request's own.
  PUBLIC_URL: url
    .refine((u) => !/[?#]/.test(u), 'must be a plain base URL such as https://chat.example.com, without ? or #')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number({ error: 'must be a whole number from 2 to 100' }).int().min(2).max(100).default(10),
  EMBEDDED_PG_PORT: port.default(54329),
  JWT_SECRET: secret(32).optional(),
  ENCRYPTION_KEY: encryptionKey.optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: secret(10).optional(),
  ADMIN_EMAILS: emailList.optional(),
  AGENT_EMAILS: emailList.optional(),
  SUPABASE_URL: url.optional(),
  SUPABASE_ANON_KEY: z.string().min(20).optional(),
  SUPABASE_JWT_SECRET: secret(32).optional(),
  META_APP_SECRET: secret(16).optional(),
  META_WEBHOOK_VERIFY_TOKEN: secret(8).optional(),
  META_GRAPH_BASE_URL: url.default('https://graph.facebook.com/v23.0'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_BASE_URL: url.default('https://api.openai.com/v1'),
  ALLOWED_COUNTRY_CODES: z
    .string()
    .regex(/^\d{1,3}:\d{1,2}(,\s*\d{1,3}:\d{1,2})*$/, 'must be code:digits pairs such as 91:12 or 91:12,971:12')
    .default('91:12'),
  RATE_INCREASE_WINDOW_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(1).max(86_400).default(300),
  SEND_STUCK_AFTER_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(5).max(86_400).default(300),
  REPLY_RETRY_BASE_MS: z.coerce.number({ error: 'must be a whole number of milliseconds from 0 to 10000' }).int().min(0).max(10_000).default(2000),
  // A running campaign pauses once more than RATIO x WINDOW of its last WINDOW sends failed for good.
  CAMPAIGN_AUTOPAUSE_FAILURE_RATIO: z.coerce.number({ error: 'must be a number from 0 to 1' }).min(0).max(1).default(0.2),
  CAMPAIGN_AUTOPAUSE_WINDOW: z.coerce.number({ error: 'must be a whole number of sends' }).int().min(1).max(10_000).default(100),
  TEMPLATE_SYNC_RETRY_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(1).max(3600).default(60),
  // Unset: on in embedded dev mode, off in production (DATABASE_URL or NODE_ENV=production).
  SANDBOX_ENABLED: bool.optional(),
  SANDBOX_URL: url.optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'SANDBOX_ENABLED'> {
  SANDBOX_ENABLED: boolean;
  authMode: 'local' | 'supabase';
  dbMode: 'embedded' | 'external';
}

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in .env files mean "not set", as most tooling treats them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        const got = cleaned[name];
        const shown = /SECRET|KEY|PASSWORD|TOKEN/.test(name) || got === undefined ? '' : ` (got "${got}")`;
        return `config error: ${name} ${issue.message}${shown}`;
      }),
    );
  }
  const cfg = parsed.data;
  const problems: string[] = [];
  if (!!cfg.SUPABASE_URL !== !!cfg.SUPABASE_ANON_KEY) {
    problems.push('config error: SUPABASE_URL and SUPABASE_ANON_KEY must be set together');
  }
  const authMode = cfg.SUPABASE_URL && cfg.SUPABASE_ANON_KEY ? 'supabase' : 'local';
  const dbMode = cfg.DATABASE_URL ? 'external' : 'embedded';
  if (dbMode === 'external') {
    if (!cfg.ENCRYPTION_KEY) problems.push('config error: ENCRYPTION_KEY is required when DATABASE_URL is set');
    if (authMode === 'local' && !cfg.JWT_SECRET) {
      problems.push('config error: JWT_SECRET is required when DATABASE_URL is set (local auth)');
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const SANDBOX_ENABLED = cfg.SANDBOX_ENABLED ?? (dbMode === 'embedded' && cfg.NODE_ENV !== 'production');
  return { ...cfg, SANDBOX_ENABLED, authMode, dbMode };
}

/** Accepts a 32-byte key written as hex or base64; null when it is neither. */
export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : null;
}

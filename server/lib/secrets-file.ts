import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

// Secrets Parley generates for itself in embedded mode, kept beside the database they protect.
export interface LocalSecrets {
  jwtSecret: string;
  encryptionKey: string;
  metaAppSecret: string;
  metaVerifyToken: string;
  pgPassword: string;
}

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  try {
    return loadOrCreate(dataDir, file);
  } catch (err) {
    // The first thing a start writes, so this is where a DATA_DIR that cannot be used shows up.
    if (err instanceof SyntaxError) throw new Error(`${file} is not valid JSON (${err.message}); restore it from a backup`);
    const { code, path } = err as NodeJS.ErrnoException;
    if (code) throw new Error(`DATA_DIR ${dataDir} is not usable: ${code} on ${path ?? file}; set DATA_DIR to a folder this user can write`);
    throw err;
  }
}

function loadOrCreate(dataDir: string, file: string): LocalSecrets {
  mkdirSync(dataDir, { recursive: true });
  const existing: Partial<LocalSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets: LocalSecrets = {
    jwtSecret: existing.jwtSecret ?? randomBytes(48).toString('base64url'),
    encryptionKey: existing.encryptionKey ?? randomBytes(32).toString('hex'),
    metaAppSecret: existing.metaAppSecret ?? randomBytes(24).toString('hex'),
    metaVerifyToken: existing.metaVerifyToken ?? randomBytes(12).toString('hex'),
    pgPassword: existing.pgPassword ?? randomBytes(18).toString('base64url'),
  };
  if (JSON.stringify(existing) !== JSON.stringify(secrets)) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

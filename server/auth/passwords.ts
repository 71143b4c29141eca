import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/** The shortest password a person may choose (the dashboard and `npm run admin:password`). */
export const MIN_PASSWORD_LENGTH = 10;

// argon2id with the library defaults (19 MiB, 2 passes), OWASP's recommended floor.
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A readable random password for first-run and reset output: 20 characters, ~119 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

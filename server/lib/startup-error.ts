// A failed start is reported as one line a person can act on, never a stack: the usual causes in
// plain words (which setting to change), anything else as its message flattened to one line.

type ErrnoLike = Error & { code?: string; syscall?: string; port?: number; address?: string; path?: string };

const MAX_LENGTH = 600;

export function startupErrorLine(err: unknown): string {
  if (!(err instanceof Error)) return oneLine(String(err));
  const e = err as ErrnoLike;
  if (e.syscall === 'listen' && e.code === 'EADDRINUSE') {
    return `port ${e.port} on ${e.address} is already in use by another program; stop it or set PORT to a free port`;
  }
  if (e.syscall === 'listen' && (e.code === 'EACCES' || e.code === 'EPERM')) {
    return `no permission to listen on port ${e.port} (ports below 1024 need root); set PORT to 1024 or above`;
  }
  if (e.syscall === 'listen' && e.code === 'EADDRNOTAVAIL') {
    return `cannot listen on ${e.address}: no such address on this machine; set HOST to one of its addresses or 0.0.0.0`;
  }
  // Connection failures (pg to DATABASE_URL) arrive as an AggregateError with an empty message.
  const message = oneLine(e.message || (err instanceof AggregateError ? err.errors.map((inner) => (inner as Error).message).join('; ') : '') || e.code || e.name);
  if (e.code && UNREACHABLE.has(e.code)) return `cannot connect to the database (${message}); check DATABASE_URL and that its server is up`;
  if (e.code === '28P01' || e.code === '28000') return `the database refused the login (${message}); check the user and password in DATABASE_URL`;
  if (e.code === '3D000') return `${message}; create it or fix the database name in DATABASE_URL`;
  return message;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET']);

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 3)}...` : line;
}

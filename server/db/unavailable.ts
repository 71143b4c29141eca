// Errors that say "the database cannot serve this now", not "this request is wrong": the pool had
// no connection free in time, a connection could not be made or broke, or Postgres cancelled a
// statement that ran past statement_timeout. The caller may retry later: 503, never a 500.

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
// 57014 query_canceled (statement_timeout), 57P01-57P03 admin shutdown / crash / cannot connect
// now, 53300 too many connections, 08xxx connection exceptions, 25P03 idle-in-transaction timeout.
const SQLSTATE = /^(57014|57P0[123]|53300|08...|25P03)$/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; code?: unknown; message?: unknown };
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(message);
}

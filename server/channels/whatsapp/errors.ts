// Meta error codes -> what the sender should do (docs/meta-platform.md, Errors). Logic keys on the
// numeric code, never on titles or HTTP status, as Meta advises.

export type FailureKind = 'auth' | 'throughput' | 'pair_rate' | 'transient' | 'permanent' | 'network';

export interface GraphFailure {
  ok: false;
  kind: FailureKind;
  retryable: boolean;
  code: number | null;
  subcode: number | null;
  httpStatus: number | null;
  reason: string;
}

const TRANSIENT = new Set([1, 2, 4, 80007, 131000, 131016, 131057]);

export function classifyGraphError(httpStatus: number | null, error: { code?: unknown; error_subcode?: unknown; message?: unknown; error_data?: { details?: unknown } } | null): GraphFailure {
  const code = typeof error?.code === 'number' ? error.code : null;
  const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : null;
  const details = typeof error?.error_data?.details === 'string' ? error.error_data.details : null;
  const message = typeof error?.message === 'string' ? error.message : null;
  const reason = details ?? message ?? (httpStatus ? `HTTP ${httpStatus}` : 'no response');
  const base = { ok: false as const, code, subcode, httpStatus, reason };
  if (code === 190) return { ...base, kind: 'auth', retryable: false };
  if (code === 130429) return { ...base, kind: 'throughput', retryable: true };
  if (code === 131056) return { ...base, kind: 'pair_rate', retryable: true };
  if (code !== null && TRANSIENT.has(code)) return { ...base, kind: 'transient', retryable: true };
  if (code === null && (httpStatus === null || httpStatus >= 500 || httpStatus === 429)) {
    return { ...base, kind: 'transient', retryable: true };
  }
  return { ...base, kind: 'permanent', retryable: false };
}

export function networkFailure(err: unknown): GraphFailure {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'network error';
  return { ok: false, kind: 'network', retryable: true, code: null, subcode: null, httpStatus: null, reason };
}

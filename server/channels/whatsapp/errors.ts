// Meta error codes -> what the sender should do (docs/meta-platform.md, Errors). Logic keys on the
// numeric code, never on titles or HTTP status, as Meta advises.

import { networkReason, readGraphError, transientWithoutCode, type GraphErrorBody } from '../graph-error.ts';

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

export function classifyGraphError(httpStatus: number | null, error: GraphErrorBody | null): GraphFailure {
  const base = { ok: false as const, ...readGraphError(httpStatus, error) };
  const { code } = base;
  if (code === 190) return { ...base, kind: 'auth', retryable: false };
  if (code === 130429) return { ...base, kind: 'throughput', retryable: true };
  if (code === 131056) return { ...base, kind: 'pair_rate', retryable: true };
  if (code !== null && TRANSIENT.has(code)) return { ...base, kind: 'transient', retryable: true };
  if (transientWithoutCode(code, httpStatus)) return { ...base, kind: 'transient', retryable: true };
  return { ...base, kind: 'permanent', retryable: false };
}

export function networkFailure(err: unknown): GraphFailure {
  return { ok: false, kind: 'network', retryable: true, code: null, subcode: null, httpStatus: null, reason: networkReason(err) };
}

const BASE = '/api';

/** A failed request, carrying the server's `{error:{code,message,requestId,details?}}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  /** A validation error's issues (`[{path, message}]`), for messages beside their fields. */
  readonly details: unknown;

  constructor(status: number, code: string, message: string, requestId: string | null, details: unknown = undefined) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }
}

/**
 * The first message per field path ("allowedOrigins.2", "businessHours.days.0.open") of a 400
 * validation error; empty for any other error.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return out;
  for (const issue of error.details as unknown[]) {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    if (typeof path === 'string' && typeof message === 'string' && !(path in out)) out[path] = message;
  }
  return out;
}

/** How requests get a token; installed by the auth provider of the configured mode. */
export interface SessionHandlers {
  token(): Promise<string | null>;
  /** Replaces `staleToken`; false when the session cannot be renewed (sign in again). */
  refresh(staleToken: string): Promise<boolean>;
  /** Drops the session; the router guard then sends the user to /login. */
  expired(): void;
}

let session: SessionHandlers | null = null;

export function setSessionHandlers(handlers: SessionHandlers | null): void {
  session = handlers;
}

/** fetch under /api with the Bearer token; on a 401 it renews the session once and retries. */
export async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (token: string | null) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetch(BASE + path, { ...init, headers });
  };
  const token = (await session?.token()) ?? null;
  let res = await send(token);
  if (res.status === 401 && session && token) {
    if (await session.refresh(token)) res = await send(await session.token());
    if (res.status === 401) session.expired();
  }
  return res;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** false for the public endpoints (config, login, refresh, logout). */
  auth?: boolean;
}

/** JSON request to the Parley API; throws ApiError on any failure (status 0 when unreachable). */
export async function api<T>(path: string, { method = 'GET', body, signal, auth = true }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const init: RequestInit = { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) };
  const res = await fetchOk(path, init, auth);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** fetch under /api that resolves only with a 2xx answer and throws ApiError otherwise (uploads, downloads). */
export async function fetchOk(path: string, init: RequestInit = {}, auth = true): Promise<Response> {
  let res: Response;
  try {
    res = auth ? await authFetch(path, init) : await fetch(BASE + path, init);
  } catch (err) {
    // fetch rejects with a TypeError when the server cannot be reached (aborts are DOMExceptions).
    if (err instanceof TypeError) throw new ApiError(0, 'network_error', 'Cannot reach the Parley server; check your connection', null);
    throw err;
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

/** The ApiError of a failed answer, from its `{error:{code,message,requestId}}` body (the simulator answers the same way). */
export async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; requestId?: string; details?: unknown } } | null;
  const error = body?.error;
  return new ApiError(
    res.status,
    error?.code ?? 'http_error',
    error?.message ?? `Request failed (${res.status} ${res.statusText})`,
    error?.requestId ?? res.headers.get('X-Request-Id'),
    error?.details,
  );
}

/** Saves a file (a CSV export) through the authenticated fetch (a plain link would carry no token). */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const blob = await (await fetchOk(path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import type { GraphHttp } from '../graph-http.ts';
import { classifyMessagingError, messagingNetworkFailure, type MessagingFailure } from './errors.ts';
import type { MessagingChannel } from './webhook.ts';

// The Instagram and Messenger Graph calls Parley makes: who an account is (Test connection) and
// the Send API. Typed results, never a throw for an API or network failure.

export type MessagingResult<T> = ({ ok: true } & T) | MessagingFailure;

export interface MessagingAccountInfo {
  id: string;
  name: string | null;
  username: string | null;
}

export interface MessagingClient {
  /** GET /{ig-user-id}?fields=id,username,name or GET /{page-id}?fields=id,name. */
  getAccount(channel: MessagingChannel, id: string, token: string): Promise<MessagingResult<{ account: MessagingAccountInfo }>>;
  /**
   * POST /{account-id}/messages: the Page id for Messenger, the IG user id for Instagram (rather
   * than /me, which a Page token shared by a Page and its Instagram account leaves ambiguous).
   */
  send(accountId: string, token: string, body: object): Promise<MessagingResult<{ mid: string; recipientId: string | null }>>;
}

export function createMessagingClient(http: GraphHttp): MessagingClient {
  async function call(method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<MessagingResult<{ data: Record<string, unknown> }>> {
    const r = await http.request(method, path, token, body);
    if (r.kind === 'network') return messagingNetworkFailure(r.err);
    if (!r.json) return classifyMessagingError(r.status, { message: `non-JSON response (HTTP ${r.status})` });
    if (r.status >= 400 || r.json.error) return classifyMessagingError(r.status, r.json.error ?? null);
    return { ok: true, data: r.json };
  }
  const str = (v: unknown) => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);
  return {
    async getAccount(channel, id, token) {
      const fields = channel === 'instagram' ? 'id,username,name' : 'id,name';
      const r = await call('GET', `/${encodeURIComponent(id)}?fields=${fields}`, token);
      if (!r.ok) return r;
      return { ok: true, account: { id: str(r.data.id) ?? id, name: str(r.data.name), username: str(r.data.username) } };
    },
    async send(accountId, token, body) {
      const r = await call('POST', `/${encodeURIComponent(accountId)}/messages`, token, body);
      if (!r.ok) return r;
      const mid = str(r.data.message_id);
      if (!mid) return classifyMessagingError(200, { message: 'response carried no message_id' });
      return { ok: true, mid, recipientId: str(r.data.recipient_id) };
    },
  };
}

import type { GraphHttp } from '../graph-http.ts';
import { classifyGraphError, networkFailure, type GraphFailure } from './errors.ts';

// The only code that knows Graph API URLs and shapes. It returns typed results and never
// throws for an API or network failure, so callers branch on `ok`.

export type GraphResult<T> = ({ ok: true } & T) | GraphFailure;

export interface PhoneNumberInfo {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
  quality_rating?: string;
  status?: string;
  throughput?: { level?: string };
}

export interface TemplatePage {
  data: Array<Record<string, unknown>>;
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}

export interface GraphClient {
  getPhoneNumber(phoneNumberId: string, token: string): Promise<GraphResult<{ phone: PhoneNumberInfo }>>;
  sendMessage(phoneNumberId: string, token: string, body: object): Promise<GraphResult<{ wamid: string; waId: string | null }>>;
  listTemplates(wabaId: string, token: string, page: { limit?: number; after?: string }): Promise<GraphResult<{ page: TemplatePage }>>;
  close(): Promise<void>;
}

const TEMPLATE_FIELDS = 'id,name,language,status,category,parameter_format,components,quality_score,correct_category,previous_category,rejected_reason';

/** The WhatsApp Cloud API over a Graph transport (channels/graph-http.ts). */
export function createGraphClient(http: GraphHttp): GraphClient {
  async function call<T>(method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<GraphResult<{ data: T }>> {
    const r = await http.request(method, path, token, body);
    if (r.kind === 'network') return networkFailure(r.err);
    if (!r.json) return classifyGraphError(r.status, { message: `non-JSON response (HTTP ${r.status})` });
    if (r.status >= 400 || r.json.error) return classifyGraphError(r.status, r.json.error ?? null);
    return { ok: true, data: r.json as T };
  }

  return {
    async getPhoneNumber(id, token) {
      const fields = 'id,display_phone_number,verified_name,quality_rating,status,throughput';
      const r = await call<PhoneNumberInfo>('GET', `/${encodeURIComponent(id)}?fields=${fields}`, token);
      return r.ok ? { ok: true, phone: r.data } : r;
    },
    async sendMessage(id, token, body) {
      const r = await call<{ messages?: Array<{ id?: string }>; contacts?: Array<{ wa_id?: string }> }>('POST', `/${encodeURIComponent(id)}/messages`, token, body);
      if (!r.ok) return r;
      const wamid = r.data.messages?.[0]?.id;
      if (!wamid) return classifyGraphError(200, { message: 'response carried no message id' });
      return { ok: true, wamid, waId: r.data.contacts?.[0]?.wa_id ?? null };
    },
    async listTemplates(wabaId, token, page) {
      const q = new URLSearchParams({ limit: String(page.limit ?? 100), fields: TEMPLATE_FIELDS });
      if (page.after) q.set('after', page.after);
      const r = await call<TemplatePage>('GET', `/${encodeURIComponent(wabaId)}/message_templates?${q}`, token);
      return r.ok ? { ok: true, page: r.data } : r;
    },
    close: () => http.close(),
  };
}

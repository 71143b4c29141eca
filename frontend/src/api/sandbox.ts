import { useQuery } from '@tanstack/react-query';
import { ApiError, api, toApiError } from './client.ts';
import type { AccountView } from './accounts.ts';
import type { SandboxAccessView } from '../../../server/sandbox/present.ts';

// The built-in simulator plays Meta for sandbox accounts. Its control API (outside /api, with its
// own token) makes it send Parley the webhook a customer's message would, so a new user can watch
// an auto-reply happen without any Meta account.

export function useSandboxAccess() {
  return useQuery({ queryKey: ['sandbox'], queryFn: ({ signal }) => api<SandboxAccessView>('/sandbox', { signal }), staleTime: Infinity });
}

/** The simulator's answer: whether the webhook is on its way to Parley. */
interface InboundResult {
  webhook: 'queued' | 'no_webhook_url';
}

/** The simulator sends Parley the signed webhook of `from` writing `text` to the account. */
export async function sendAsCustomer(access: SandboxAccessView, account: AccountView, from: string, text: string): Promise<InboundResult> {
  if (!access.enabled || !access.baseUrl || !access.controlToken) throw new ApiError(409, 'sandbox_unavailable', 'The sandbox simulator is off on this server', null);
  const body =
    account.channel === 'whatsapp'
      ? { phone_number_id: account.externalId, from, type: 'text', text, flush: true }
      : { channel: account.channel, account_id: account.externalId, from, type: 'text', text, flush: true };
  let res: Response;
  try {
    res = await fetch(`${access.baseUrl}/control/inbound`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [access.controlTokenHeader]: access.controlToken },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', `Cannot reach the sandbox simulator at ${access.baseUrl}`, null);
  }
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as InboundResult;
}

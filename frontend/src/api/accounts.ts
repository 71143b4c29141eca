import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

export const NUMBERS = 'numbers';

export interface PhoneNumber {
  id: string;
  display_name: string;
  phone_number_id: string;
  waba_id: string;
  display_phone_number: string | null;
  verified_name: string | null;
  quality_rating: string | null;
  is_active: boolean;
  inactive_reason: string | null;
  is_sandbox: boolean;
  token_updated_at: string;
  created_at: string;
}

/** What Meta (or the simulator) answers for GET /{phone-number-id}. */
export interface PhoneInfo {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
  quality_rating?: string;
  status?: string;
  throughput?: { level?: string };
}

export interface ConnectionResult {
  ok: true;
  phone: PhoneInfo;
}

export function useNumbers() {
  return useQuery({
    queryKey: [NUMBERS],
    queryFn: ({ signal }) => api<{ items: PhoneNumber[] }>('/numbers', { signal }),
    select: (data) => data.items,
  });
}

export const numberLabel = (n: Pick<PhoneNumber, 'display_name' | 'display_phone_number'>) =>
  n.display_phone_number ? `${n.display_name} (${n.display_phone_number})` : n.display_name;

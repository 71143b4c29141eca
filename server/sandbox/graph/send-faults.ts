// The errors POST /control/send-faults can queue for an object's next sends: deterministic
// failures for tests and demos, unlike the random errorRate5xx. One vocabulary for both kinds of
// sender so a caller need not know which channel it is faulting: `throughput` and `rate_limit`
// are the same fault (130429 on WhatsApp, 613 on Instagram/Messenger), and so are `reengagement`
// and `window` (131047; 10 with the platform's subcode). `pair_rate` exists only on WhatsApp and
// `person_unavailable` (551) only on Instagram/Messenger.
import type { Channel } from '../request-log.ts';
import {
  expiredToken, outsideMessagingWindow, pageRateLimit, pageServerError, pageUnknownError, pairRateLimitHit, personUnavailable, reengagement,
  serverError, serviceUnavailable, throughputReached, type GraphError,
} from './errors.ts';

export const WA_SEND_FAULTS = ['server', 'unavailable', 'throughput', 'rate_limit', 'pair_rate', 'reengagement', 'window', 'token'] as const;
export const MESSAGING_SEND_FAULTS = ['server', 'unavailable', 'rate_limit', 'throughput', 'window', 'reengagement', 'token', 'person_unavailable'] as const;
export const SEND_FAULTS = [...new Set([...WA_SEND_FAULTS, ...MESSAGING_SEND_FAULTS])] as Array<WaSendFault | MessagingSendFault>;
export type WaSendFault = (typeof WA_SEND_FAULTS)[number];
export type MessagingSendFault = (typeof MESSAGING_SEND_FAULTS)[number];
export type SendFault = WaSendFault | MessagingSendFault;

const WA: Record<WaSendFault, (now: number) => GraphError> = {
  server: serverError,
  unavailable: serviceUnavailable,
  throughput: throughputReached,
  rate_limit: throughputReached,
  pair_rate: pairRateLimitHit,
  reengagement,
  window: reengagement,
  token: expiredToken,
};

const MESSAGING = (platform: 'instagram' | 'messenger'): Record<MessagingSendFault, (now: number) => GraphError> => ({
  server: pageUnknownError,
  unavailable: pageServerError,
  rate_limit: pageRateLimit,
  throughput: pageRateLimit,
  window: () => outsideMessagingWindow(platform),
  reengagement: () => outsideMessagingWindow(platform),
  token: expiredToken,
  person_unavailable: personUnavailable,
});

/** The error a queued fault stands for on this channel. The control endpoint only queues names
 * that exist for the id it was given, so the fallback is for an id used on both kinds of sender. */
export function queuedFaultError(channel: Channel, fault: SendFault, now: number): GraphError {
  if (channel === 'instagram' || channel === 'messenger') {
    const table = MESSAGING(channel);
    return (table[fault as MessagingSendFault] ?? table.server)(now);
  }
  return (WA[fault as WaSendFault] ?? WA.server)(now);
}

// Request bodies of the /control endpoints (zod), so a typo in a test fails loudly with a 400
// naming the field instead of silently doing nothing.
import { z } from 'zod';
import { MESSAGING_SEND_FAULTS, SEND_FAULTS, WA_SEND_FAULTS, type SendFault } from '../graph/send-faults.ts';
import { MESSAGING_INBOUND_TYPES } from '../webhooks/inbound-messaging.ts';
import { WA_INBOUND_TYPES } from '../webhooks/inbound-wa.ts';

const obj = z.record(z.string(), z.unknown());

export const numberSchema = z.strictObject({
  phone_number_id: z.string().min(1),
  waba_id: z.string().min(1).optional(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
  status: z.string().optional(),
  platform_type: z.string().optional(),
  throughput_level: z.string().optional(),
  messaging_limit: z.string().optional(),
  name_status: z.string().optional(),
  code_verification_status: z.string().optional(),
  access_token: z.string().min(1).optional(),
  access_tokens: z.array(z.string().min(1)).optional(),
});

/** Customers' last messages, as the app's database remembers them: their windows reopen after a restart. */
export const windowsSchema = z.strictObject({
  windows: z.array(z.strictObject({ object_id: z.string().min(1), user: z.string().min(1), at: z.number().int().nonnegative() })).max(100_000),
});

export const accountSchema = z.strictObject({
  id: z.string().min(1),
  platform: z.enum(['instagram', 'messenger']),
  name: z.string().optional(),
  /** Instagram handle for GET ?fields=username; default: the name, lowercased, without spaces. */
  username: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
  access_tokens: z.array(z.string().min(1)).optional(),
});

const templateFields = {
  id: z.string().regex(/^\d+$/).optional(),
  name: z.string().min(1).max(512),
  language: z.string().optional(),
  status: z.string().optional(),
  category: z.string().optional(),
  parameter_format: z.enum(['POSITIONAL', 'NAMED']).optional(),
  components: z.array(obj).optional(),
  sub_category: z.string().optional(),
  quality_score: z.object({ score: z.string(), date: z.number() }).optional(),
  correct_category: z.string().optional(),
  previous_category: z.string().optional(),
  rejected_reason: z.string().optional(),
};
export const templateSchema = z.strictObject({ ...templateFields, waba_id: z.string().min(1).optional() });

export const seedTemplatesSchema = z.union([
  z.strictObject({ waba_id: z.string().min(1).optional(), templates: z.array(templateSchema) }),
  /** `generate: n` creates n simple approved templates tpl_0001... (paging tests, benchmarks). */
  z.strictObject({ waba_id: z.string().min(1), generate: z.number().int().min(1).max(10_000), prefix: z.string().optional() }),
  templateSchema,
]);

export const templatePatchSchema = z.strictObject({
  name: z.string().optional(),
  language: z.string().optional(),
  components: z.array(obj).optional(),
  category: z.string().optional(),
  status: z.string().optional(),
  quality_score: z.union([z.string(), z.object({ score: z.string(), date: z.number() })]).optional(),
  correct_category: z.string().optional(),
  /** Emit the matching template webhook(s). Default false. */
  emit: z.boolean().optional(),
  /** message_template_status_update: `event` (default: the new status), `reason` (default NONE). */
  event: z.string().optional(),
  reason: z.string().nullable().optional(),
  rejection_info: obj.optional(),
  other_info: obj.optional(),
  disable_info: obj.optional(),
});

export const waInboundSchema = z.looseObject({
  channel: z.literal('whatsapp').optional(),
  phone_number_id: z.string().min(1),
  from: z.string().min(1),
  name: z.string().optional(),
  type: z.enum(WA_INBOUND_TYPES).default('text'),
  text: z.string().optional(),
  context: obj.optional(),
  referral: obj.optional(),
  new_wa_id: z.string().optional(),
  /** Unix seconds; default now. */
  timestamp: z.number().optional(),
  /** Send now instead of with the next batch. */
  flush: z.boolean().optional(),
});

export const messagingInboundSchema = z.strictObject({
  channel: z.enum(['instagram', 'messenger']),
  account_id: z.string().min(1),
  from: z.string().min(1),
  type: z.enum(MESSAGING_INBOUND_TYPES).default('text'),
  text: z.string().optional(),
  fields: obj.optional(),
  /** ms since epoch; default now. */
  timestamp: z.number().optional(),
  /** Attachment URL of image/video/audio/file/sticker/share/story_mention (default: a sandbox CDN URL). */
  url: z.string().min(1).optional(),
  /** Deliver under entry[].standby[]: another app owns the thread (handover protocol). */
  standby: z.boolean().optional(),
  flush: z.boolean().optional(),
});

export const emitSchema = z.union([
  z.strictObject({ object: z.literal('whatsapp_business_account').optional(), waba_id: z.string().min(1), field: z.string().min(1), value: obj, flush: z.boolean().optional() }),
  z.strictObject({ object: z.enum(['instagram', 'page']), entry_id: z.string().min(1), event: obj, standby: z.boolean().optional(), flush: z.boolean().optional() }),
]);

/** The next `count` sends from the number (phone_number_id) or the Instagram/Messenger account
 * (account_id) fail with this error, then sends work again; names: graph/send-faults.ts. */
export type { SendFault };
export const sendFaultSchema = z
  .strictObject({
    phone_number_id: z.string().min(1).optional(),
    account_id: z.string().min(1).optional(),
    count: z.number().int().min(0).max(1_000_000),
    error: z.enum(SEND_FAULTS as [SendFault, ...SendFault[]]).default('server'),
  })
  .superRefine((v, ctx) => {
    if ((v.phone_number_id === undefined) === (v.account_id === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either phone_number_id (WhatsApp) or account_id (Instagram / Messenger)' });
      return;
    }
    const allowed: readonly string[] = v.phone_number_id !== undefined ? WA_SEND_FAULTS : MESSAGING_SEND_FAULTS;
    if (!allowed.includes(v.error)) {
      const what = v.phone_number_id !== undefined ? 'WhatsApp number' : 'Instagram / Messenger account';
      ctx.addIssue({ code: 'custom', path: ['error'], message: `${v.error} is not a fault of a ${what} (one of ${allowed.join(', ')})` });
    }
  });

export const flushSchema = z.strictObject({ all: z.boolean().optional(), retry: z.boolean().optional() });

export function describeZod(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

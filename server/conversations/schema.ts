import { z } from 'zod';

export const statusBody = z
  .object({
    status: z.enum(['open', 'pending', 'snoozed', 'resolved']),
    /** Required to snooze: when it opens again (ISO date-time with offset, in the future). */
    snoozedUntil: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, issue) => {
    if (v.status === 'snoozed' && !v.snoozedUntil) issue.addIssue({ code: 'custom', path: ['snoozedUntil'], message: 'snoozedUntil is required to snooze' });
    if (v.status !== 'snoozed' && v.snoozedUntil) issue.addIssue({ code: 'custom', path: ['snoozedUntil'], message: 'snoozedUntil only goes with status snoozed' });
  });

/** userId null: unassigned. */
export const assigneeBody = z.object({ userId: z.uuid().nullable() });

export const botBody = z.object({ paused: z.boolean() });

export const labelsBody = z.object({ labelIds: z.array(z.uuid()).max(50) });

export const bulkBody = z
  .object({
    conversationIds: z.array(z.uuid()).min(1).max(500),
    action: z.enum(['assign', 'add_label', 'remove_label', 'status']),
    /** assign: the user (null: unassign). */
    userId: z.uuid().nullable().optional(),
    /** add_label / remove_label. */
    labelId: z.uuid().optional(),
    /** status: open, pending or resolved (snooze one at a time). */
    status: z.enum(['open', 'pending', 'resolved']).optional(),
  })
  .superRefine((v, issue) => {
    const need = (field: 'userId' | 'labelId' | 'status') => {
      if (v[field] === undefined) issue.addIssue({ code: 'custom', path: [field], message: `${field} is required for ${v.action}` });
    };
    if (v.action === 'assign') need('userId');
    if (v.action === 'add_label' || v.action === 'remove_label') need('labelId');
    if (v.action === 'status') need('status');
  });

export const eventsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb').transform((c) => c.toLowerCase());
export const labelBody = z.object({ name: z.string().trim().min(1).max(40), color });
export const labelPatch = z.object({ name: labelBody.shape.name, color }).partial().refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const availabilityBody = z.object({ availability: z.enum(['online', 'away', 'offline']) });

export const inboxSettingsBody = z
  .object({
    /** null: the bots stay silent until someone resumes them or resolves the conversation. */
    handoverIdleMinutes: z.number().int().min(5).max(30 * 24 * 60).nullable(),
    autoAssign: z.boolean(),
    handoverMessage: z.string().trim().min(1).max(1000).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

import { forgetWidget } from './widget-cache.ts';
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import { deleteAccount } from '../accounts/service.ts';
import { publish } from '../events/bus.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { isTimeZone } from './hours.ts';
import * as q from './queries.ts';
import type { WidgetSettings } from './schema.ts';

// The admin's side of web chat: a widget is created with a new public key and a sealed secret of
// its own (the account's token column), edited as a whole (PUT sends every setting), and deleted
// like any channel account (its conversations archived, history kept). Each change announces the
// account, so the Channels page and every open dashboard refresh.

/** The key in the snippet: 24 base64url characters (144 random bits). */
const newWidgetKey = () => randomBytes(18).toString('base64url');

function checkSettings(s: WidgetSettings): void {
  const tz = s.businessHours.timeZone;
  if (tz && !isTimeZone(tz)) throw new HttpError(400, 'validation_error', `Invalid body: businessHours.timeZone: ${tz} is not an IANA time zone such as Asia/Kolkata`);
}

/** Where browsers reach Parley: PUBLIC_URL, else the request's own scheme and host (TRUST_PROXY decides whose). */
export function publicUrlOf(ctx: AppContext, req: Request): string {
  return ctx.config.PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export async function createWidget(ctx: AppContext, workspaceId: string, settings: WidgetSettings): Promise<q.WidgetRow> {
  checkSettings(settings);
  const id = await ctx.db.transaction((trx) =>
    q.insertWidget(trx, { workspaceId, key: newWidgetKey(), secretEnc: encryptSecret(ctx.keys.encryptionKey, randomBytes(32).toString('base64url'), ACCOUNT_TOKEN), settings }),
  );
  await publish(ctx, [{ type: 'account.changed', workspaceId, accountId: id, action: 'insert' }]);
  return (await q.findWidget(ctx.db, workspaceId, id))!;
}

export async function getWidget(ctx: AppContext, workspaceId: string, id: string): Promise<q.WidgetRow> {
  const w = await q.findWidget(ctx.db, workspaceId, id);
  if (!w) throw notFound('No such widget');
  return w;
}

/** The new settings; the names of the settings that changed (for the audit log: names, never values). */
export async function updateWidget(ctx: AppContext, workspaceId: string, id: string, settings: WidgetSettings): Promise<{ widget: q.WidgetRow; changed: string[] }> {
  checkSettings(settings);
  const before = await getWidget(ctx, workspaceId, id);
  await ctx.db.transaction((trx) => q.updateWidget(trx, id, settings));
  forgetWidget(id);
  await publish(ctx, [{ type: 'account.changed', workspaceId, accountId: id, action: 'update' }]);
  const changed = (Object.keys(settings) as Array<keyof WidgetSettings>).filter((k) => JSON.stringify(settings[k]) !== JSON.stringify(before.settings[k]));
  return { widget: (await q.findWidget(ctx.db, workspaceId, id))!, changed };
}

export async function removeWidget(ctx: AppContext, workspaceId: string, id: string): Promise<{ widget: q.WidgetRow; archivedConversations: number }> {
  const widget = await getWidget(ctx, workspaceId, id);
  const { archivedConversations } = await deleteAccount(ctx, workspaceId, id);
  forgetWidget(id);
  return { widget, archivedConversations };
}

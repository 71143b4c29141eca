import express, { type ErrorRequestHandler, type Express } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { safeEqual } from '../lib/crypto.ts';
import { Batcher } from '../lib/batcher.ts';
import { countUpdates, parseEnvelope } from './envelope.ts';
import { insertEvents, type StoredEvent } from './queries.ts';
import { webhookSourceCheck } from './sandbox-source.ts';
import { STORE_QUEUE_LIMITS, storeOr503, unstoreLateEvents } from './store.ts';

export const WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024; // Meta sends up to 3 MB
export const KNOWN_OBJECTS = new Set(['whatsapp_business_account', 'instagram', 'page']);

/**
 * Meta's webhook: verify the signature over the raw bytes, store the event durably, answer 200.
 * Processing happens later in the webhook processor, so a processing failure never reaches Meta.
 */
export function mountWebhooks(app: Express, ctx: AppContext): void {
  const store = new Batcher<StoredEvent, string>((events) => insertEvents(ctx.db, events), 500, 4, STORE_QUEUE_LIMITS, (ids) =>
    void unstoreLateEvents(ctx, ids),
  );
  const checkSource = webhookSourceCheck(ctx);

  app.get('/webhooks/meta', (req, res, next) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    const expected = ctx.keys.metaVerifyToken;
    if (mode === 'subscribe' && typeof token === 'string' && typeof challenge === 'string' && expected && safeEqual(token, expected)) {
      res.type('text/plain').send(challenge);
      return;
    }
    ctx.logger.warn({ security: true, requestId: req.id, mode, ip: req.ip }, 'webhook verification refused');
    next(new HttpError(403, 'verification_failed', 'hub.mode must be "subscribe" and hub.verify_token must match META_WEBHOOK_VERIFY_TOKEN'));
  });

  app.post('/webhooks/meta', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    await checkSource(req, raw); // Meta's app secret, or the sandbox secret for sandbox numbers only
    const text = raw.toString('utf8');
    let body: { object?: unknown; entry?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'invalid_json', 'Webhook body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || typeof body.object !== 'string' || !KNOWN_OBJECTS.has(body.object)) {
      throw new HttpError(400, 'unknown_object', `Unknown webhook object; expected one of ${[...KNOWN_OBJECTS].join(', ')}`);
    }
    const envelope = parseEnvelope(body);
    await storeOr503(store, { object: envelope.object, body: text, updateCount: countUpdates(envelope) }, ctx.logger);
    ctx.wake.webhooks.notify();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '14' }).end('EVENT_RECEIVED');
  });

  // Every refusal is logged (the app-wide request logger skips this path), then answered as JSON.
  app.use('/webhooks', ((err, req, _res, next) => {
    ctx.logger.warn({ requestId: req.id, status: err?.status ?? err?.statusCode, code: err?.code ?? err?.type, message: err?.message }, 'webhook refused');
    next(err);
  }) as ErrorRequestHandler);
}

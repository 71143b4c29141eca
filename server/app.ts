import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from './context.ts';
import type { Sandbox } from './sandbox/index.ts';
import { sandboxKeys } from './sandbox/keys.ts';
import { sandboxMount } from './sandbox/mount.ts';
import { requireAuth } from './auth/middleware.ts';
import { FEATURES } from './features.ts';
import { mountProbes } from './health/routes.ts';
import { mountWebhooks } from './webhooks/routes.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import { buildOpenApi } from './http/openapi.ts';
import { defineRoute, mountRoutes, type RouteDef } from './http/route.ts';
import { mountWidgetAssets } from './webchat/assets.ts';

const DASHBOARD_DIR = join(dirname(fileURLToPath(import.meta.url)), '../frontend/dist');
const API_JSON_LIMIT = '1mb';
// A visitor's requests are small (a message is at most 4,000 characters); anything bigger is refused early.
const WIDGET_JSON_LIMIT = '16kb';

export function createApp(ctx: AppContext, sandbox: Sandbox | null = null): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(ctx.config.TRUST_PROXY));

  app.use(requestId);
  // Meta's webhook is machine-to-machine and hot (thousands of POSTs a second): no per-request
  // logger or browser security headers; it logs refusals itself.
  mountWebhooks(app, ctx);
  // Mounted even when the simulator is off, so that look-alike paths never reach the SPA fallback.
  app.use(sandboxMount(sandbox, sandboxKeys(ctx.keys.encryptionKey).controlToken, ctx.logger));
  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: (req) => (req as express.Request).id as string,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Parley is often first tried over plain http on a LAN address; let nginx own https.
          'upgrade-insecure-requests': null,
          // The dashboard talks to Supabase (auth, realtime) when that mode is configured.
          'connect-src': ["'self'", ...(ctx.config.SUPABASE_URL ? [ctx.config.SUPABASE_URL, ctx.config.SUPABASE_URL.replace(/^http/, 'ws')] : [])],
          // Instagram and Messenger media are URLs on Meta's CDNs, shown in the inbox as they are.
          'img-src': ["'self'", 'data:', 'https://*.fbsbx.com', 'https://*.fbcdn.net', 'https://*.cdninstagram.com'],
        },
      },
    }),
  );

  mountProbes(app, ctx);

  const api = express.Router();
  // sendBeacon (a WhatsApp-button click as the page unloads) can only send its JSON as text/plain.
  api.use('/api/widget/clicks', express.json({ limit: WIDGET_JSON_LIMIT, type: ['application/json', 'text/plain'] }));
  api.use('/api/widget', express.json({ limit: WIDGET_JSON_LIMIT }));
  api.use('/api', express.json({ limit: API_JSON_LIMIT }));
  const routes: RouteDef[] = FEATURES.flatMap((f) => f.routes?.(ctx) ?? []);
  const openapi = buildOpenApi(
    [...routes, defineRoute({ method: 'get', path: '/api/openapi.json', tag: 'system', summary: 'This document', auth: false, handler: () => null })],
    ctx.version,
  );
  api.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  mountRoutes(api, routes, requireAuth(ctx));
  api.use('/api', notFoundHandler);
  app.use(api);

  mountWidgetAssets(app, ctx);
  mountDashboard(app);
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}

const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  next();
};

function mountDashboard(app: express.Express): void {
  if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) {
    app.get('/', (_req, res) => {
      res.status(503).type('text').send('The dashboard is not built yet: run `npm run build`, then reload.');
    });
    return;
  }
  app.use(express.static(DASHBOARD_DIR, { index: false, maxAge: '1h', immutable: false }));
  // Client-side routes (/inbox, /campaigns/123 ...) all load the app shell.
  app.get(/^\/(?!api\/|webhooks\/|sandbox\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(DASHBOARD_DIR, 'index.html'));
  });
}

function trustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

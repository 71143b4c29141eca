import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { bossReady } from '../jobs/boss.ts';
import { configView, versionView } from './present.ts';

const READY_CHECK_MS = 1_000;

/** The check's verdict, or false when it has not answered within ms (it is left to finish). */
function withinMs(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/** /healthz: the process answers. /readyz: it can do work (database and job queue reachable). */
export function mountProbes(router: Router, ctx: AppContext): void {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/readyz', async (_req, res) => {
    // A stalled database must not stall the probe: each check counts as failed after 1 s.
    const [database, jobs] = await Promise.all([
      withinMs(ctx.db.raw('select 1').then(() => true, () => false), READY_CHECK_MS),
      withinMs(bossReady(ctx.boss), READY_CHECK_MS),
    ]);
    const ready = database && jobs;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: { database, jobs, realtime: ctx.hub.connected } });
  });
}

export function metaRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/config',
      tag: 'system',
      summary: 'What the dashboard needs before sign-in: auth mode, Supabase public keys, time zone',
      auth: false,
      response: configView,
      handler: () => ({
        authMode: ctx.config.authMode,
        supabaseUrl: ctx.config.SUPABASE_URL ?? null,
        supabaseAnonKey: ctx.config.SUPABASE_ANON_KEY ?? null,
        timezone: ctx.config.APP_TIMEZONE,
        version: ctx.version,
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/version',
      access: 'members',
      tag: 'system',
      summary: 'Running version, commit and start time',
      response: versionView,
      handler: () => ({
        version: ctx.version,
        commit: ctx.commit,
        startedAt: ctx.startedAt.toISOString(),
        mode: ctx.config.dbMode,
      }),
    }),
  ];
}

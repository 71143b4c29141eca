import express, { type Request, type Response } from 'express';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../context.ts';
import { frameCsp } from './origins.ts';
import { findWidgetByKey } from './queries.ts';
import { configQuery } from './schema.ts';

// The widget's own files, built by `npm run build` into frontend/dist-widget/: the loader a site
// includes (/widget.js, cached 5 minutes and loadable from any site), the frame page it opens
// (/widget/frame, never cached, with a Content-Security-Policy whose frame-ancestors lists the
// widget's allowed sites, so browsers refuse to show it anywhere else), and the frame's hashed
// assets (cached for good). Until the widget is built, each answers 503 saying so.
// `?preview=1` is the dashboard's live preview: it talks to no API and only Parley may frame it.

export const WIDGET_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../frontend/dist-widget');
const notBuilt = (res: Response) => void res.status(503).type('text').setHeader('Cache-Control', 'no-store').send('The chat widget is not built yet: run `npm run build`, then reload.');

const notFoundPage = (res: Response) =>
  res
    .status(404)
    .type('html')
    .setHeader('Cache-Control', 'no-cache')
    .send('<!doctype html><meta charset="utf-8"><title>Chat unavailable</title><p>This chat is not available.</p>');

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

export function mountWidgetAssets(app: express.Express, ctx: AppContext, dir = WIDGET_DIR): void {
  app.get('/widget.js', async (_req: Request, res: Response) => {
    const js = await readOrNull(join(dir, 'widget.js'));
    if (!js) return notBuilt(res);
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin'); // any site may load it
    res.send(js);
  });

  app.get('/widget/frame', async (req: Request, res: Response, next) => {
    try {
      const preview = req.query.preview === '1';
      let allowed: string[] | null = null;
      if (!preview) {
        const key = configQuery.safeParse({ key: req.query.key });
        const widget = key.success ? await findWidgetByKey(ctx.db, key.data.key) : null;
        if (!widget) return void notFoundPage(res);
        allowed = widget.settings.allowedOrigins;
      }
      const html = await readOrNull(join(dir, 'frame.html'));
      if (!html) return notBuilt(res);
      res.setHeader('Content-Security-Policy', frameCsp(allowed));
      res.removeHeader('X-Frame-Options'); // frame-ancestors decides (helmet would say SAMEORIGIN)
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(html);
    } catch (err) {
      next(err);
    }
  });

  const assets = join(dir, 'assets');
  app.use('/widget/assets', (req, res, next) => {
    if (!existsSync(assets)) return notBuilt(res);
    next();
  });
  app.use('/widget/assets', express.static(assets, { index: false, immutable: true, maxAge: '365d', fallthrough: false, redirect: false }));
}

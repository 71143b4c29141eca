import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';

const PING_MS = 25_000;

export function realtimeRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/events',
      access: 'members',
      tag: 'realtime',
      summary: 'Server-Sent Events: one "change" event per database change the dashboard shows; topic "typing" (with `typing: {typing, from, author}`) while a web chat visitor or a colleague types',
      handler: ({ req, res }) => {
        const workspaceId = req.auth!.workspaceId;
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no', // nginx must not buffer the stream
        });
        res.write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
        const unsubscribe = ctx.hub.subscribe((change) => {
          if (change.workspaceId !== workspaceId) return;
          const { topic, action, id, typing } = change;
          res.write(`event: change\ndata: ${JSON.stringify(typing ? { topic, action, id, typing } : { topic, action, id })}\n\n`);
        });
        const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
        // The response's close, not the request's: a request with a body has already closed
        // (fully read) by now, and would leave this stream subscribed and pinging forever.
        res.on('close', () => {
          clearInterval(ping);
          unsubscribe();
        });
      },
    }),
  ];
}

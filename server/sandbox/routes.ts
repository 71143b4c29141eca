import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { sandboxKeys } from './keys.ts';
import { sandboxAccessView } from './present.ts';

/** The signed-in dashboard's way to the simulator's control API (the token is never public). */
export function sandboxRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/sandbox',
      tag: 'system',
      summary: 'Whether the Meta/OpenAI simulator is on, its base URL, and the X-Sandbox-Token its /control API needs',
      response: sandboxAccessView,
      handler: () => {
        const enabled = ctx.sandboxUrl !== null;
        return {
          enabled,
          baseUrl: ctx.sandboxUrl,
          controlToken: enabled ? sandboxKeys(ctx.keys.encryptionKey).controlToken : null,
          controlTokenHeader: 'X-Sandbox-Token',
        };
      },
    }),
  ];
}

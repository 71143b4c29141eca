import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { meView, presentUser, sessionView } from './present.ts';
import { changePasswordBody, loginBody, refreshBody } from './schema.ts';
import * as auth from './service.ts';

export function authRoutes(ctx: AppContext): RouteDef[] {
  const loginLimiter = guessLimiter('login attempts');
  // A stolen access token must not become a way to guess the password behind it.
  const passwordLimiter = guessLimiter('password changes');
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      tag: 'auth',
      summary: 'Sign in with the local admin email and password',
      auth: false,
      middleware: [loginLimiter],
      body: loginBody,
      response: sessionView,
      handler: ({ body }) => auth.login(ctx, body.email, body.password),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/refresh',
      tag: 'auth',
      summary: 'Exchange a refresh token for a new session (the old token stops working)',
      auth: false,
      body: refreshBody,
      response: sessionView,
      handler: ({ body }) => auth.refresh(ctx, body.refreshToken),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      tag: 'auth',
      summary: "Revoke a refresh token and end the user's access tokens",
      auth: false,
      body: refreshBody,
      handler: async ({ body }) => {
        await auth.logout(ctx, body.refreshToken);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password',
      access: 'members',
      tag: 'auth',
      summary: 'Change the signed-in local user\'s password; ends every other session and returns a new one for this device',
      middleware: [passwordLimiter],
      body: changePasswordBody,
      response: sessionView,
      handler: ({ body, req }) => auth.changePassword(ctx, req.auth!.id, body.currentPassword, body.newPassword),
    }),
    defineRoute({
      method: 'get',
      path: '/api/me',
      access: 'members',
      tag: 'auth',
      summary: 'The signed-in user and workspace',
      response: meView,
      handler: async ({ req }) => ({
        user: presentUser(req.auth!),
        workspace: await ctx.db('workspaces').where({ id: req.auth!.workspaceId }).first('id', 'name'),
      }),
    }),
  ];
}

/** Ten attempts per address per 15 minutes; successful ones do not count against it. */
function guessLimiter(what: string) {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', `Too many ${what}; try again in 15 minutes`)),
  });
}

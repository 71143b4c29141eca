import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { llmClient } from '../llm/client.ts';
import { loadLlmSettings, publicLlmSettings, saveLlmSettings } from './llm.ts';
import { llmSettingsBody } from './schema.ts';

export function settingsRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/settings/llm',
      tag: 'settings',
      summary: 'Global LLM settings (model, base URL, caps); the API key is never returned, only whether it is set',
      handler: async ({ req }) => publicLlmSettings(await loadLlmSettings(ctx, req.auth!.workspaceId)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/settings/llm',
      tag: 'settings',
      summary: 'Change the LLM settings; apiKey is stored encrypted (null removes it)',
      body: llmSettingsBody,
      handler: async ({ body, req }) => publicLlmSettings(await saveLlmSettings(ctx, req.auth!.workspaceId, body)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/settings/llm/test',
      tag: 'settings',
      summary: 'Check the stored key and base URL by listing the models',
      handler: async ({ req }) => {
        const s = await loadLlmSettings(ctx, req.auth!.workspaceId);
        if (!s.apiKey) throw new HttpError(409, 'llm_not_configured', 'No LLM API key is set');
        const r = await llmClient({ apiKey: s.apiKey, baseUrl: s.baseUrl, timeoutMs: 10_000 }).listModels();
        if (!r.ok) throw new HttpError(502, 'llm_unreachable', `${s.baseUrl} answered: ${r.message}`);
        return { ok: true, models: r.models.length, modelAvailable: r.models.includes(s.model) };
      },
    }),
  ];
}

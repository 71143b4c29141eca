import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { llmClient } from '../llm/client.ts';
import { loadAiStatus } from './ai-status.ts';
import { loadLlmSettings, saveLlmSettings, settingsForTest } from './llm.ts';
import { aiStatusView, llmSettingsView, llmTestView, presentLlmSettings } from './present.ts';
import { llmSettingsBody, llmTestBody } from './schema.ts';
import { auditRequest, changedFields } from '../audit/record.ts';

export function settingsRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/settings/ai-status',
      tag: 'settings',
      summary: 'Whether AI replies can go out now, and each reason they cannot (LLM key or base URL missing, credits, no agent on an active number)',
      response: aiStatusView,
      handler: ({ req }) => loadAiStatus(ctx, req.auth!.workspaceId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/settings/llm',
      tag: 'settings',
      summary: 'Global LLM settings (model, base URL, caps); the API key is never returned, only whether it is set',
      response: llmSettingsView,
      handler: async ({ req }) => presentLlmSettings(await loadLlmSettings(ctx, req.auth!.workspaceId)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/settings/llm',
      tag: 'settings',
      summary: 'Change the LLM settings; apiKey is stored encrypted (null removes it); a new baseUrl needs apiKey again (400 api_key_required)',
      body: llmSettingsBody,
      response: llmSettingsView,
      handler: async ({ body, req }) => {
        const saved = await saveLlmSettings(ctx, req.auth!.workspaceId, body);
        await auditRequest(ctx, req, { action: 'settings.llm_changed', targetType: 'settings', targetId: 'llm', detail: changedFields(body) });
        return presentLlmSettings(saved);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/settings/llm/test',
      tag: 'settings',
      summary: 'Check the key and base URL by listing the models (stored ones, or those given; another baseUrl needs apiKey)',
      body: llmTestBody,
      response: llmTestView,
      handler: async ({ body, req }) => {
        const s = await settingsForTest(ctx, req.auth!.workspaceId, body);
        if (!s.apiKey) throw new HttpError(409, 'llm_not_configured', 'No LLM API key is set');
        const r = await llmClient({ apiKey: s.apiKey, baseUrl: s.baseUrl, timeoutMs: 10_000 }).listModels();
        if (!r.ok) {
          ctx.logger.debug({ baseUrl: s.baseUrl, status: r.status, detail: r.detail }, 'LLM test failed');
          throw new HttpError(502, 'llm_unreachable', `LLM test of ${s.baseUrl} failed: ${r.message}`);
        }
        return { ok: true as const, models: r.models.length, modelAvailable: r.models.includes(s.model) };
      },
    }),
  ];
}

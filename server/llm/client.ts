import OpenAI from 'openai';
import { redactedDetail, summarizeLlmError } from './errors.ts';

// The only code that talks to OpenAI (or any OpenAI-compatible server): the Responses API for
// replies and structured extraction, the Conversations API for per-customer context. It never
// throws for an API failure and never retries (no retry storm): callers branch on `ok`.

export interface LlmConnection {
  apiKey: string;
  baseUrl: string;
  timeoutMs?: number;
}

export interface LlmUsage {
  inputTokens: number | null;
  outputTokens: number | null;
}

/** `message` is safe to show and store (no upstream text); `detail` is for debug logs only. */
export type LlmFailure = { ok: false; status: number | null; message: string; detail?: string; conversationGone: boolean };
export type LlmResult<T> = ({ ok: true } & T) | LlmFailure;

/** A function the model may call instead of answering (Responses API function tool, strict JSON schema). */
export interface FunctionTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** The model's answer: its text, and the functions it called (then the text may be empty). */
export type LlmAnswer = { text: string; calls: Array<{ name: string; arguments: unknown }>; usage: LlmUsage };

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface LlmClient {
  /** Mode (a): instructions + the recent turns, with the global model. */
  reply(req: { model: string; instructions: string; turns: ChatTurn[]; tools?: FunctionTool[] }): Promise<LlmResult<LlmAnswer>>;
  /** Mode (b): a dashboard prompt (id, pinned version, variables) inside an OpenAI conversation. */
  /** `said`: what the business sent the customer since the last turn (campaign templates), added as its turns before the customer's text. */
  replyWithPrompt(req: { promptId: string; promptVersion: string | null; variables: Record<string, string>; conversationId: string; said?: string[]; text: string; tools?: FunctionTool[] }): Promise<LlmResult<LlmAnswer>>;
  createConversation(metadata: Record<string, string>): Promise<LlmResult<{ id: string }>>;
  /** Structured output: the JSON the model produced for `schema` (not yet validated). */
  extract(req: { model: string; instructions: string; input: string; schemaName: string; schema: Record<string, unknown> }): Promise<LlmResult<{ json: unknown; usage: LlmUsage }>>;
  listModels(): Promise<LlmResult<{ models: string[] }>>;
}

const clients = new Map<string, LlmClient>();

/** One SDK client (and connection pool) per key and base URL, reused across calls. */
export function llmClient(conn: LlmConnection): LlmClient {
  const cacheKey = `${conn.baseUrl}\n${conn.apiKey}\n${conn.timeoutMs ?? ''}`;
  let client = clients.get(cacheKey);
  if (!client) {
    if (clients.size > 20) clients.clear(); // settings changed many times: drop stale clients
    client = createLlmClient(conn);
    clients.set(cacheKey, client);
  }
  return client;
}

export function createLlmClient(conn: LlmConnection): LlmClient {
  const openai = new OpenAI({ apiKey: conn.apiKey, baseURL: conn.baseUrl, maxRetries: 0, timeout: conn.timeoutMs ?? 30_000 });
  const usageOf = (r: OpenAI.Responses.Response): LlmUsage => ({ inputTokens: r.usage?.input_tokens ?? null, outputTokens: r.usage?.output_tokens ?? null });
  const answerOf = (r: OpenAI.Responses.Response): LlmResult<LlmAnswer> => {
    const text = r.output_text?.trim() ?? '';
    const calls = r.output.flatMap((o) => (o.type === 'function_call' ? [{ name: o.name, arguments: parseArguments(o.arguments) }] : []));
    return text || calls.length ? { ok: true, text, calls, usage: usageOf(r) } : { ok: false, status: null, message: `the model returned no text (status ${r.status})`, conversationGone: false };
  };
  const toolsOf = (tools: FunctionTool[] | undefined) =>
    tools?.length ? { tools: tools.map((t) => ({ type: 'function' as const, name: t.name, description: t.description, parameters: t.parameters, strict: true })) } : {};

  return {
    reply: ({ model, instructions, turns, tools }) =>
      guarded(async () =>
        answerOf(
          await openai.responses.create({
            model,
            instructions: instructions || undefined,
            input: turns.map((t) => ({ role: t.role, content: t.text })),
            store: false,
            ...toolsOf(tools),
          }),
        ),
      ),
    replyWithPrompt: ({ promptId, promptVersion, variables, conversationId, said = [], text, tools }) =>
      guarded(async () =>
        answerOf(
          await openai.responses.create({
            prompt: { id: promptId, ...(promptVersion ? { version: promptVersion } : {}), ...(Object.keys(variables).length ? { variables } : {}) },
            conversation: conversationId,
            input: [...said.map((t) => ({ role: 'assistant' as const, content: t })), { role: 'user', content: text }],
            ...toolsOf(tools),
          }),
        ),
      ),
    createConversation: (metadata) => guarded(async () => ({ ok: true, id: (await openai.conversations.create({ metadata })).id })),
    extract: ({ model, instructions, input, schemaName, schema }) =>
      guarded(async () => {
        const r = await openai.responses.create({
          model,
          instructions,
          input,
          store: false,
          text: { format: { type: 'json_schema', name: schemaName, schema, strict: true } },
        });
        try {
          return { ok: true, json: JSON.parse(r.output_text), usage: usageOf(r) };
        } catch {
          return { ok: false, status: null, message: `the model returned text that is not JSON: ${r.output_text.slice(0, 120)}`, conversationGone: false };
        }
      }),
    listModels: () =>
      guarded(async () => {
        const models: string[] = [];
        for await (const m of openai.models.list()) models.push(m.id);
        return { ok: true, models };
      }),
  };
}

/** A call's arguments as the model wrote them: JSON, or the raw string when it is not. */
function parseArguments(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function guarded<T>(call: () => Promise<LlmResult<T>>): Promise<LlmResult<T>> {
  try {
    return await call();
  } catch (err) {
    const failure = { ok: false as const, message: summarizeLlmError(err), detail: redactedDetail(err) };
    if (err instanceof OpenAI.APIError) {
      const gone = err.status === 404 && (err.code === 'conversation_not_found' || /conversation/i.test(err.message ?? ''));
      return { ...failure, status: err.status ?? null, conversationGone: gone };
    }
    return { ...failure, status: null, conversationGone: false };
  }
}

// In-memory state shared by the simulator's route handlers.
import type { Item } from './items.ts';
import type { Knobs } from './knobs.ts';
import type { PromptStore } from './prompts.ts';

export type StoredConversation = {
  id: string;
  /** Seconds since epoch, as returned by the API. */
  created_at: number;
  /** Seconds; bumped by every response that uses the conversation (tests can age it). */
  last_activity_at: number;
  metadata: Record<string, unknown>;
  items: Item[];
  /** Deleted conversations are kept (answering 404) so tests can assert the deletion. */
  deleted: boolean;
};

export type StoredResponse = { context: Item[]; output: Item[]; object: Record<string, unknown> };

export interface SimState {
  knobs: Knobs;
  /** Milliseconds since epoch (injectable for tests). */
  now(): number;
  newId(prefix: string, hexLen?: number): string;
  conversations: Map<string, StoredConversation>;
  prompts: PromptStore;
  /** Kept for previous_response_id and GET /v1/responses/{id}; bounded. */
  responses: Map<string, StoredResponse>;
}

export type RouteCtx = {
  state: SimState;
  /** Parsed JSON body (undefined when the request had none). */
  body: unknown;
  query: URLSearchParams;
  /** Regex captures from the route pattern (ids in the path). */
  params: string[];
};

/** `note` is copied into the request log entry (e.g. the rendered instructions). */
export type RouteResult = { status?: number; body: unknown; note?: Record<string, unknown> };

export const MAX_STORED_RESPONSES = 1000;

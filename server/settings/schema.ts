import { z } from 'zod';

// The key travels in an Authorization header: only visible ASCII can be sent there at all.
const apiKey = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .regex(/^[\x21-\x7e]+$/, 'must be the key as issued: visible ASCII characters, no spaces');

export const llmSettingsBody = z
  .object({
    /** A new key to store (encrypted); null removes the stored key (the environment's applies). */
    apiKey: apiKey.nullable().optional(),
    model: z.string().trim().min(1).max(100).optional(),
    /** Any OpenAI-compatible server, e.g. https://api.openai.com/v1 or http://localhost:8080/sandbox/v1 */
    baseUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
    customerReplyCap: z.number().int().min(0).max(100_000).optional(),
    creditsPerReply: z.number().int().min(0).max(1_000).optional(),
    /** true: an AI reply needs creditsPerReply credits and is charged them; false (the default): neither. */
    creditsEnforced: z.boolean().optional(),
  })
  .strict();

export type LlmSettingsPatch = z.infer<typeof llmSettingsBody>;

export const llmTestBody = z
  .object({
    /** Test this base URL instead of the stored one; a different host needs apiKey too. */
    baseUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
    /** Test this key instead of the stored one (nothing is saved). */
    apiKey: apiKey.optional(),
  })
  .strict();

export type LlmTestRequest = z.infer<typeof llmTestBody>;

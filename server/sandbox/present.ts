import { z } from 'zod';

// GET /api/sandbox as the API shows it. The frontend imports this type.

export const sandboxAccessView = z.object({
  /** Whether the Meta/OpenAI simulator runs in this server. */
  enabled: z.boolean(),
  /** Its base URL, e.g. http://127.0.0.1:8080/sandbox; null when off. */
  baseUrl: z.string().nullable(),
  /** The token its /control API needs; null when off. */
  controlToken: z.string().nullable(),
  /** The header to send it in. */
  controlTokenHeader: z.string(),
});
export type SandboxAccessView = z.infer<typeof sandboxAccessView>;

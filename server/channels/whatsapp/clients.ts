import { createGraphClient, type GraphClient } from './graph-client.ts';

/** One keep-alive Graph client per base URL (real Graph, the in-app or a standalone simulator). */
export class GraphClients {
  private clients = new Map<string, GraphClient>();

  constructor(private readonly options: { timeoutMs?: number; connections?: number } = {}) {}

  for(baseUrl: string): GraphClient {
    let client = this.clients.get(baseUrl);
    if (!client) {
      client = createGraphClient({ baseUrl, ...this.options });
      this.clients.set(baseUrl, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }
}

import { createGraphHttp, type GraphHttp } from './graph-http.ts';
import { createMessagingClient, type MessagingClient } from './messenger-platform/client.ts';
import { createGraphClient, type GraphClient } from './whatsapp/graph-client.ts';

/**
 * One keep-alive Graph transport per base URL (real Graph, the in-app or a standalone simulator),
 * seen as the WhatsApp Cloud API (`for`) or the Messenger Platform's Send API (`messaging`).
 */
export class GraphClients {
  private transports = new Map<string, { http: GraphHttp; whatsapp: GraphClient; messaging: MessagingClient }>();

  constructor(private readonly options: { timeoutMs?: number; connections?: number } = {}) {}

  private at(baseUrl: string) {
    let t = this.transports.get(baseUrl);
    if (!t) {
      const http = createGraphHttp({ baseUrl, ...this.options });
      t = { http, whatsapp: createGraphClient(http), messaging: createMessagingClient(http) };
      this.transports.set(baseUrl, t);
    }
    return t;
  }

  for(baseUrl: string): GraphClient {
    return this.at(baseUrl).whatsapp;
  }

  messaging(baseUrl: string): MessagingClient {
    return this.at(baseUrl).messaging;
  }

  async close(): Promise<void> {
    await Promise.all([...this.transports.values()].map((t) => t.http.close()));
    this.transports.clear();
  }
}

// A Server-Sent Events parser for a stream read with fetch (EventSource cannot send the visitor's
// Authorization header). Bytes arrive in chunks split anywhere: inside a line, between \r and \n,
// inside a UTF-8 character; the parser keeps what it has not seen the end of and emits whole events.
// It follows the WHATWG event-stream rules the server relies on: event, data (multi-line), id,
// retry, comments (pings), a leading BOM.

export type SseEvent = { event: string; data: string; id: string };

export type SseParser = {
  /** Feeds the next chunk (bytes as read, or text); calls onEvent for each event it completes. */
  push(chunk: Uint8Array | string): void;
  /** The last id the stream named (for a reconnect). */
  readonly lastEventId: string;
  /** The reconnect delay the server asked for with `retry:`, or null. */
  readonly retryMs: number | null;
};

export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let started = false;
  let skipLf = false; // the last chunk ended with \r: a \n starting the next one is the same line end
  let event = '';
  let data: string[] = [];
  let lastEventId = '';
  let retryMs: number | null = null;

  function line(text: string): void {
    if (text === '') {
      if (data.length) onEvent({ event: event || 'message', data: data.join('\n'), id: lastEventId });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
  }

  return {
    push(chunk) {
      let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (!started && text) {
        started = true;
        if (text.startsWith('\uFEFF')) text = text.slice(1);
      }
      if (skipLf && text.startsWith('\n')) text = text.slice(1);
      if (text) skipLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== '\n' && ch !== '\r') continue;
        line(buffer.slice(start, i));
        if (ch === '\r') {
          if (i + 1 === buffer.length) skipLf = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
    get retryMs() {
      return retryMs;
    },
  };
}

// Server-sent events read with fetch(), not EventSource: EventSource cannot send the credential
// header, and a credential in the URL would end up in logs and the browser's history. The protocol
// (https://html.spec.whatwg.org/multipage/server-sent-events.html): lines of `field: value`, a blank
// line ends an event, lines starting with `:` are comments; CR LF, LF and CR all end a line.

/** Milliseconds before reconnecting when the server did not say (`retry:`); EventSource waits ~3 s. */
const DEFAULT_RETRY_MS = 3000;

/**
 * Opens the stream at `url` and keeps it open: after a lost connection or an error answer it
 * reconnects after the server's `retry` delay, as EventSource does. A 401 or 403 answer stops it
 * (a new credential is needed, not a new attempt).
 *
 * @param {string} url
 * @param {object} handlers
 * @param {() => object} handlers.headers the request headers, asked again at each connection
 * @param {(type: string, data: string) => void} handlers.onEvent each event (type `message` when unnamed)
 * @param {() => void} handlers.onLost the connection was lost or refused; a reconnection is planned
 * @param {(status: number, problem: object|null) => void} handlers.onRefused 401 or 403
 * @returns {{ close(): void }}
 */
export function openEvents(url, { headers, onEvent, onLost, onRefused }) {
  let closed = false;
  let retryMs = DEFAULT_RETRY_MS;
  let timer = null;
  let controller = null;

  const reconnectLater = () => {
    if (closed) return;
    onLost();
    timer = setTimeout(connect, retryMs);
  };

  async function connect() {
    controller = new AbortController();
    let response;
    try {
      response = await fetch(url, {
        headers: { Accept: 'text/event-stream', ...headers() },
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch {
      reconnectLater();
      return;
    }
    if (closed) return;
    if (response.status === 401 || response.status === 403) {
      closed = true;
      onRefused(response.status, await response.json().catch(() => null));
      return;
    }
    if (!response.ok || !response.body) {
      response.body?.cancel().catch(() => {});
      reconnectLater();
      return;
    }
    try {
      await readEvents(response.body, onEvent, (ms) => { retryMs = ms; });
    } catch {
      // A lost connection (or close() aborting it): what follows decides.
    }
    reconnectLater();
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}

// A line ends at CR LF, LF or CR; a CR at the very end of what arrived so far waits for the next
// chunk, which may start with its LF.
const LINE_END = /\r\n|\r(?=[^\n])|\n/;

/** Reads events from `body` until it ends; resolves then, rejects when the connection fails. */
async function readEvents(body, onEvent, onRetry) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let type = '';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split(LINE_END);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) dispatch(onEvent, type || 'message', data.join('\n'));
        type = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let text = colon < 0 ? '' : line.slice(colon + 1);
      if (text.startsWith(' ')) text = text.slice(1);
      if (field === 'event') type = text;
      else if (field === 'data') data.push(text);
      else if (field === 'retry' && /^\d+$/.test(text)) onRetry(Number(text));
    }
  }
}

/** A handler's failure is reported and the stream goes on, as with EventSource's listeners. */
function dispatch(onEvent, type, data) {
  try {
    onEvent(type, data);
  } catch (error) {
    console.error(`event ${type}:`, error);
  }
}

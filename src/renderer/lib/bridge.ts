// The raw bridge to the core. In Electron the preload has put one on window.caredock; in a browser
// served by `caredock serve` we build one over HTTP (calls) and a WebSocket (events). The host's
// HttpOnly cookie rides along on both, so nothing here ever sees a token.
import type { CareDockBridge, Envelope } from '../../shared/api/index.ts';

declare global {
  interface Window {
    caredock?: CareDockBridge;
  }
}

type Listener = (message: { event: string; payload: unknown }) => void;

/** A bridge plus a hook for "the event stream came back after a gap" (the UI then re-reads state). */
export interface RendererBridge extends CareDockBridge {
  onReconnect(listener: () => void): () => void;
}

const backoff = { firstMs: 500, maxMs: 10_000 };

export function createHttpBridge(location: Location = window.location): RendererBridge {
  const listeners = new Set<Listener>();
  const reconnectListeners = new Set<() => void>();
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let everOpened = false;

  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/events';

  function connect(): void {
    if (socket || listeners.size === 0) return;
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      if (everOpened) for (const l of reconnectListeners) l();
      everOpened = true;
    });
    ws.addEventListener('message', (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(e.data);
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null) return;
      const { event, payload } = message as { event?: unknown; payload?: unknown };
      if (typeof event !== 'string') return;
      for (const l of listeners) l({ event, payload });
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      if (listeners.size === 0) return;
      // Capped exponential backoff with jitter, so a restarting host is not hammered.
      const cap = Math.min(backoff.maxMs, backoff.firstMs * 2 ** attempt);
      attempt += 1;
      retryTimer = setTimeout(
        () => {
          retryTimer = null;
          connect();
        },
        cap / 2 + Math.random() * (cap / 2),
      );
    });
  }

  return {
    shell: 'headless',
    async invoke(name: string, input: unknown): Promise<Envelope> {
      const response = await fetch('/api/' + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
      // The body is an envelope whatever the status; the typed client validates it.
      return (await response.json()) as Envelope;
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          if (retryTimer) clearTimeout(retryTimer);
          retryTimer = null;
          socket?.close();
          socket = null;
        }
      };
    },
    onReconnect(listener: () => void): () => void {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
  };
}

/** The Electron preload's bridge when there is one, else the headless host's HTTP bridge. */
export function getBridge(): RendererBridge {
  const injected = window.caredock;
  if (injected) {
    return {
      shell: injected.shell,
      // Plain JSON data only, exactly what the HTTP bridge would send: Svelte state is made of
      // proxies, which IPC's structured clone refuses.
      invoke: (name, input) => injected.invoke(name, JSON.parse(JSON.stringify(input ?? {})) as unknown),
      subscribe: (listener) => injected.subscribe(listener),
      // IPC does not drop while the window lives.
      onReconnect: () => () => undefined,
    };
  }
  return createHttpBridge();
}

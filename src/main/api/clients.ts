import { randomUUID } from 'node:crypto';
import type { EventMessage, EventName, EventPayload } from '../../shared/api/index.ts';

export type EventListener = (message: EventMessage) => void;

/**
 * One connected UI: an Electron window or a headless browser session. Login state belongs to
 * the client, so two windows never share a session by accident.
 */
export interface ClientState {
  readonly id: string;
  readonly shell: 'electron' | 'headless' | 'cli';
  userId: number | null;
  locked: boolean;
  lastActivityMs: number;
  listeners: Set<EventListener>;
}

/** Whether a client may receive an event stream now (logged in, unlocked, the right role). */
export type EventFilter = (client: ClientState, event: EventName) => boolean;

export class ClientRegistry {
  readonly #clients = new Map<string, ClientState>();
  readonly #mayReceive: EventFilter;

  constructor(mayReceive: EventFilter = () => true) {
    this.#mayReceive = mayReceive;
  }

  open(shell: ClientState['shell']): ClientState {
    const client: ClientState = {
      id: randomUUID(),
      shell,
      userId: null,
      locked: false,
      lastActivityMs: Date.now(),
      listeners: new Set(),
    };
    this.#clients.set(client.id, client);
    return client;
  }

  close(id: string): void {
    this.#clients.delete(id);
  }

  all(): IterableIterator<ClientState> {
    return this.#clients.values();
  }

  send<E extends EventName>(client: ClientState, event: E, payload: EventPayload<E>): void {
    const message = { event, payload } as EventMessage;
    for (const listener of client.listeners) listener(message);
  }

  /** To every client allowed to see it; the others learn nothing, not even that it happened. */
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const client of this.#clients.values())
      if (client.listeners.size > 0 && this.#mayReceive(client, event)) this.send(client, event, payload);
  }
}

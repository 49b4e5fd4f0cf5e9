import { CareDockError, isErrorCode } from '../errors/catalogue.ts';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from './contract.ts';
import type { CareDockBridge } from './envelope.ts';
import { envelope } from './envelope.ts';
import { events, type EventName, type EventPayload } from './events.ts';

export interface CareDockClient {
  call<N extends ProcedureName>(name: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  readonly shell: 'electron' | 'headless';
}

/** Wraps a shell's raw bridge in the typed client; the renderer uses only this. */
export function createClient(bridge: CareDockBridge): CareDockClient {
  return {
    shell: bridge.shell,
    async call(name, input) {
      let raw: unknown;
      try {
        raw = await bridge.invoke(name, input);
      } catch {
        throw new CareDockError('transport.unreachable');
      }
      const parsed = envelope.safeParse(raw);
      if (!parsed.success) throw new CareDockError('transport.unreachable');
      if (!parsed.data.ok) {
        const { code, params } = parsed.data.error;
        throw new CareDockError(isErrorCode(code) ? code : 'internal.unexpected', params);
      }
      // The core validated the output against the contract before it left.
      return parsed.data.result as ProcedureOutput<typeof name>;
    },
    on(name, listener) {
      return bridge.subscribe((message) => {
        if (message.event !== name) return;
        const payload = events[name].safeParse(message.payload);
        if (payload.success) listener(payload.data as EventPayload<typeof name>);
      });
    },
  };
}

// A performer's calendar server in memory that keeps the backend contract
// (integrations/calendar/backend.ts): items found by our key, a known item gone is made again,
// removing what is gone succeeds. Tests script its failures and play "someone in Outlook".
import type {
  CalendarBackend,
  CalendarEvent,
  CalendarFailure,
  CalendarResult,
  FoundItem,
  ItemRef,
} from '../../integrations/calendar/backend.ts';

export interface MemoryItem extends FoundItem {
  mailbox: string;
  location: string;
}

export interface MemoryCalendar {
  backend: CalendarBackend;
  items(mailbox?: string): MemoryItem[];
  calls: { op: 'create' | 'update' | 'remove' | 'list'; mailbox: string }[];
  /** The next calls answer these failures, in turn. */
  failNext(...f: CalendarFailure[]): void;
  /** The next create happens on the server but its answer is lost. */
  loseNextCreateAnswer(): void;
  /** Someone edits or deletes an item in Outlook, or an item of ours appears that no plan wants. */
  outlook: {
    edit(mailbox: string, key: string, patch: Partial<Pick<MemoryItem, 'subject' | 'start' | 'end'>>): void;
    delete(mailbox: string, key: string): void;
    add(item: Omit<MemoryItem, 'ref'>): void;
  };
}

export function memoryCalendar(): MemoryCalendar {
  const items: MemoryItem[] = [];
  const calls: MemoryCalendar['calls'] = [];
  const failures: CalendarFailure[] = [];
  let loseCreate = false;
  let seq = 0;
  const fail = (): ({ ok: false } & CalendarFailure) | null => {
    const f = failures.shift();
    return f ? { ok: false, ...f } : null;
  };
  const newRef = (): ItemRef => ({ id: `item-${++seq}`, changeKey: `ck-${seq}` });
  const byRef = (mailbox: string, ref: ItemRef) =>
    items.find((i) => i.mailbox === mailbox && i.ref.id === ref.id);
  const byKey = (mailbox: string, key: string) => items.find((i) => i.mailbox === mailbox && i.key === key);
  const write = (target: MemoryItem, e: CalendarEvent) => {
    Object.assign(target, {
      subject: e.subject,
      body: e.body,
      start: e.start,
      end: e.end,
      location: e.location ?? '',
    });
    target.ref = { id: target.ref.id, changeKey: `ck-${++seq}` };
  };
  const backend: CalendarBackend = {
    async upsert(e, known): Promise<CalendarResult<{ ref: ItemRef }>> {
      const f = fail();
      if (f) return f;
      const existing = known ? byRef(e.mailbox, known) : byKey(e.mailbox, e.key);
      if (existing) {
        calls.push({ op: 'update', mailbox: e.mailbox });
        write(existing, e);
        return { ok: true, ref: existing.ref };
      }
      calls.push({ op: 'create', mailbox: e.mailbox });
      const item: MemoryItem = {
        key: e.key,
        mailbox: e.mailbox,
        ref: newRef(),
        subject: '',
        body: '',
        start: 0,
        end: 0,
        location: '',
      };
      write(item, e);
      items.push(item);
      if (loseCreate) {
        loseCreate = false;
        return { ok: false, status: 'retry', code: 'calendar.timeout' };
      }
      return { ok: true, ref: item.ref };
    },
    async remove(mailbox, key, known) {
      const f = fail();
      if (f) return f;
      calls.push({ op: 'remove', mailbox });
      const at = items.findIndex(
        (i) => i.mailbox === mailbox && (known ? i.ref.id === known.id : i.key === key),
      );
      if (at >= 0) items.splice(at, 1);
      return { ok: true };
    },
    async list(mailbox, from, to) {
      const f = fail();
      if (f) return f;
      calls.push({ op: 'list', mailbox });
      return {
        ok: true,
        items: items
          .filter((i) => i.mailbox === mailbox && i.start < to && i.end > from)
          .map(({ key, ref, subject, body, start, end }) => ({ key, ref, subject, body, start, end })),
      };
    },
    async check(mailbox) {
      const f = fail();
      if (f) return f;
      return { ok: true, displayName: `Kalender ${mailbox}` };
    },
  };
  return {
    backend,
    calls,
    items: (mailbox) => items.filter((i) => mailbox === undefined || i.mailbox === mailbox),
    failNext: (...f) => failures.push(...f),
    loseNextCreateAnswer: () => {
      loseCreate = true;
    },
    outlook: {
      edit(mailbox, key, patch) {
        const i = byKey(mailbox, key);
        if (!i) throw new Error(`no item ${key} in ${mailbox}`);
        Object.assign(i, patch);
      },
      delete(mailbox, key) {
        const at = items.findIndex((i) => i.mailbox === mailbox && i.key === key);
        if (at < 0) throw new Error(`no item ${key} in ${mailbox}`);
        items.splice(at, 1);
      },
      add(item) {
        items.push({ ...item, ref: newRef() });
      },
    },
  };
}

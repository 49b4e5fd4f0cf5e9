// The one place where errors and notices appear. Core errors and `notice` events carry a catalogue
// code; UI notices carry a message key. Both are rendered in the current language at display time,
// so switching language re-translates what is on screen.
import type { MessageKey } from './messages/index.ts';

export type NoticeLevel = 'info' | 'success' | 'warning' | 'error';
type Params = Record<string, string | number>;

export type Notice =
  | { id: number; level: NoticeLevel; kind: 'error'; code: string; params: Params }
  | { id: number; level: NoticeLevel; kind: 'ui'; key: MessageKey; params: Params };

type NewNotice =
  | { level: NoticeLevel; kind: 'error'; code: string; params?: Params }
  | { level: NoticeLevel; kind: 'ui'; key: MessageKey; params?: Params };

const maxShown = 4;
/** Confirmations fade on their own; errors and warnings stay until dismissed or replaced. */
const successMs = 12_000;

export const notices = $state<{ list: Notice[] }>({ list: [] });
let nextId = 1;

function sameAs(a: Notice, b: NewNotice): boolean {
  if (a.kind === 'error' && b.kind === 'error') return a.code === b.code;
  if (a.kind === 'ui' && b.kind === 'ui') return a.key === b.key;
  return false;
}

export function notify(notice: NewNotice): void {
  const id = nextId++;
  const full = { ...notice, id, params: notice.params ?? {} } as Notice;
  // A success means the attempt that failed before has worked: its error is stale.
  const kept = notice.level === 'success' ? notices.list.filter((n) => n.level !== 'error') : notices.list;
  notices.list = [...kept.filter((n) => !sameAs(n, notice)), full].slice(-maxShown);
  if (notice.level === 'success' || notice.level === 'info') {
    setTimeout(() => dismiss(id), successMs);
  }
}

export function notifyError(code: string, params?: Params): void {
  notify({ level: 'error', kind: 'error', code, ...(params ? { params } : {}) });
}

export function notifyUi(level: NoticeLevel, key: MessageKey, params?: Params): void {
  notify({ level, kind: 'ui', key, ...(params ? { params } : {}) });
}

export function dismiss(id: number): void {
  notices.list = notices.list.filter((n) => n.id !== id);
}

export function clearNotices(): void {
  notices.list = [];
}

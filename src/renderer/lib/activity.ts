// Tells the core a person is at the keyboard, and locks the screen here when nobody has been.
import { app, call } from './app.svelte.ts';

/** The most often the UI reports activity. With a very short idle lock it reports more often
 *  (a third of the idle time), otherwise the core would lock a person who is typing. */
const reportEveryMs = 15_000;
const events = ['keydown', 'pointerdown', 'wheel'] as const;

export function trackActivity(): () => void {
  let lastActivity = Date.now();
  let lastReport = Date.now();

  function onActivity(): void {
    lastActivity = Date.now();
    const session = app.session;
    if (!session || session.locked) return;
    const every = Math.min(reportEveryMs, Math.max(1000, (session.idleLockSeconds * 1000) / 3));
    if (lastActivity - lastReport < every) return;
    lastReport = lastActivity;
    void call('auth.activity', {}, { quiet: true });
  }

  const timer = setInterval(() => {
    const session = app.session;
    if (!session || session.locked) return;
    if (Date.now() - lastActivity < session.idleLockSeconds * 1000) return;
    // Lock here at once; tell the core too (it may already have locked on its own clock).
    app.session = { ...session, locked: true };
    void call('auth.lock', {}, { quiet: true }).then((r) => {
      if (r.ok) app.session = r.value;
    });
  }, 1000);

  for (const name of events) window.addEventListener(name, onActivity, { capture: true, passive: true });
  return () => {
    clearInterval(timer);
    for (const name of events) window.removeEventListener(name, onActivity, { capture: true });
  };
}

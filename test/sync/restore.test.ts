// A server restored from a data-folder copy taken mid-run: reconciliation on each of three
// workstations finds exactly what the server lacks and sends it again (the large run is
// bench/server-restore.bench.ts).
import { describe, expect, it } from 'vitest';
import { formatRestore, runRestoreScenario } from './helpers/restore-scenario.ts';

describe('a server restored from an older copy', () => {
  it('gets back every registration from reconciliation, none twice', async () => {
    const r = await runRestoreScenario({ perWorkstation: 1200 });
    console.log(['restore from a mid-run copy:', ...formatRestore(r)].join('\n'));
    // The copy really was older: some of what the workstations count as sent was not in it.
    expect(r.inCopy).toBeGreaterThan(0);
    expect(r.inCopy).toBeLessThan(r.total);
    for (const w of r.perWorkstation) {
      expect(w.sent).toBe(1200);
      expect(w.reSent).toBe(w.reEnqueued);
    }
    expect(r.perWorkstation.reduce((n, w) => n + w.reEnqueued, 0)).toBe(r.total - r.inCopy);
    expect(r.finalDistinct).toBe(r.total);
    expect(r.finalRows).toBe(r.total);
    expect(r.stillDiffering).toBe(0);
  }, 180_000);
});

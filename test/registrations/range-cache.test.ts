// A range's pairing is kept until what that range reads changes: a registration on another day
// (today's docking) leaves last month's pairing alone; one in the range, a correction anywhere
// or a changed plan does not.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/open.ts';
import { applyMigrations } from '../../src/main/db/migrate.ts';
import { pairingSources, rangeBounds } from '../../src/main/registrations/paired.ts';
import { RegistrationService } from '../../src/main/registrations/service.ts';
import { Directory } from '../../src/main/recipients/directory.ts';
import { tempDir } from '../helpers/core.ts';
import { TZ, at, seedRegistration } from '../helpers/seed.ts';
import path from 'node:path';

describe('the pairing cache', () => {
  it('is keyed on the range, not on the whole database', () => {
    const dir = tempDir();
    const { sqlite, db } = openDatabase(path.join(dir, 'caredock.db'));
    applyMigrations(
      sqlite,
      db,
      path.resolve(import.meta.dirname, '../../migrations'),
      path.join(dir, 'backups'),
    );
    const sources = pairingSources(sqlite);
    const service = new RegistrationService({
      sources,
      directory: () =>
        new Directory([], [], { id: 1, username: 'a', seeProtected: true, language: 'sv' } as never),
      attestationLookup: () => () => null,
      timeZone: () => TZ,
    });
    const reg = (date: string, time: string) =>
      seedRegistration(sqlite, {
        staffId: 's-1',
        recipientId: 'r-1',
        tagUid: 'AAAAAAAA',
        time: at(date, time),
        kind: 'arrive',
      });
    reg('2026-05-12', '08:00');
    const { start, end } = rangeBounds({ from: '2026-05-12', to: '2026-05-12' }, TZ);
    const first = service.paired(start, end);
    reg('2026-06-01', '08:00');
    expect(service.paired(start, end)).toBe(first);
    reg('2026-05-12', '09:00');
    const second = service.paired(start, end);
    expect(second).not.toBe(first);
    expect(second.paired.registrations).toHaveLength(2);
    sqlite
      .prepare(
        `insert into corrections (id, corrects_id, reason, changes, created_at, created_by) values ('c-1', 'x', 'r', '{}', '2026-06-01T00:00:00Z', 'a')`,
      )
      .run();
    expect(service.paired(start, end)).not.toBe(second);
    sqlite.close();
  });
});

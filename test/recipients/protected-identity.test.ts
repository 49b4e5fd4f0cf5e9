// The protected-identity rule, in every place that names a recipient: lists and details, the
// recipient search, the tags of Admin → Devices and the billing export. A user an admin has
// given the right sees the name; everyone else sees the id and that it is protected.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';
import { at, seedPeople, seedRegistration } from '../helpers/seed.ts';

let t: TestCore;
let admin: ReturnType<TestCore['core']['connect']>;
let myId: number;
beforeEach(async () => {
  t = await startTestCore({ watchDevices: false });
  admin = t.core.connect();
  const session = await withAdmin(admin);
  myId = session.user.id;
  await ok(admin, 'users.update', { id: myId, roles: ['office', 'coordinator', 'admin'] });
  seedPeople(t.core.database.sqlite);
});
afterEach(async () => {
  await t.cleanup();
});

const mayIdentify = (seeProtected: boolean) => ok(admin, 'users.update', { id: myId, seeProtected });

describe('a recipient’s details', () => {
  it('masks a protected recipient without the right and logs every opening', async () => {
    const masked = await ok(admin, 'recipients.get', { id: 'r-2' });
    expect(masked).toMatchObject({ masked: true, name: '', address: null, personalId: null });
    const me = (await ok(admin, 'users.list', {}))[0]!;
    await ok(admin, 'users.update', { id: me.id, seeProtected: true });
    expect(await ok(admin, 'recipients.get', { id: 'r-2' })).toMatchObject({
      masked: false,
      name: 'Skyddad Person',
      address: 'Hemlig väg 2',
    });
    const opened = (await ok(admin, 'audit.list', { limit: 50 })).filter(
      (a) => a.action === 'recipients.open',
    );
    expect(opened).toHaveLength(2);
    expect(JSON.stringify(opened)).not.toContain('19121212');
  });
});

describe('the recipient search', () => {
  it('finds a protected identity by name only for a user with the right', async () => {
    const all = await ok(admin, 'recipients.search', { query: '' });
    expect(all.map((r) => r.id).sort()).toEqual(['r-1', 'r-3']);
    expect(await ok(admin, 'recipients.search', { query: 'Skyddad' })).toEqual([]);
    expect(await ok(admin, 'recipients.search', { query: 'r-2' })).toEqual([
      { id: 'r-2', name: '', protectedIdentity: true },
    ]);

    await mayIdentify(true);
    expect(await ok(admin, 'recipients.search', { query: 'Skyddad' })).toEqual([
      { id: 'r-2', name: 'Skyddad Person', protectedIdentity: true },
    ]);
    expect((await ok(admin, 'recipients.search', { query: '' })).map((r) => r.id).sort()).toEqual([
      'r-1',
      'r-2',
      'r-3',
    ]);
  });
});

describe('the tags of recipients’ homes', () => {
  it('name a protected home only for a user with the right', async () => {
    const home = async () => (await ok(admin, 'tags.list', {})).find((tag) => tag.uid === 'BBBBBBBB');
    expect((await home())?.recipientName).toBeNull();
    expect((await ok(admin, 'tags.list', {})).find((tag) => tag.uid === 'AAAAAAAA')?.recipientName).toBe(
      'Karin Karlsson',
    );
    const enrolled = await ok(admin, 'tags.enrol', { uid: 'DDDDDDDD', recipientId: 'r-2', label: 'Baksida' });
    expect(enrolled.recipientName).toBeNull();

    await mayIdentify(true);
    expect((await home())?.recipientName).toBe('Skyddad Person');
    const again = await ok(admin, 'tags.enrol', { uid: 'DDDDDDDD', recipientId: 'r-2', label: 'Baksida' });
    expect(again.recipientName).toBe('Skyddad Person');
  });
});

describe('the billing export', () => {
  async function nameCell(): Promise<string> {
    const csv = await ok(admin, 'billing.export', { month: '2026-05', format: 'csv' });
    const records = parse(Buffer.from(csv.base64, 'base64').toString('utf8').slice(1), {
      delimiter: ';',
      columns: true,
    }) as Record<string, string>[];
    return records.find((r) => r['Brukar-ID'] === 'r-2')!['Brukare']!;
  }

  it('says a name is protected in the language of the person exporting, and names it with the right', async () => {
    seedRegistration(t.core.database.sqlite, {
      staffId: 's-bo',
      recipientId: 'r-2',
      tagUid: 'BBBBBBBB',
      time: at('2026-05-12', '09:00'),
      kind: 'arrive',
    });
    expect(await nameCell()).toBe('Skyddad identitet');
    await ok(admin, 'auth.setLanguage', { language: 'fi' });
    expect(await nameCell()).toBe('Turvakielto');
    await ok(admin, 'auth.setLanguage', { language: 'en' });
    expect(await nameCell()).toBe('Protected identity');
    await mayIdentify(true);
    expect(await nameCell()).toBe('Skyddad Person');
  });
});

describe('the recipient search by personnummer', () => {
  it('finds a recipient by any spelling of the number, a protected one only with the right', async () => {
    for (const query of ['19121212-1212', '121212+1212', '191212121212'])
      expect(
        (await ok(admin, 'recipients.search', { query })).map((r) => r.id),
        query,
      ).toEqual(['r-1']);
    await mayIdentify(true);
    expect((await ok(admin, 'recipients.search', { query: '121212+1212' })).map((r) => r.id).sort()).toEqual([
      'r-1',
      'r-2',
    ]);
  });
});

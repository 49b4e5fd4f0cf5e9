// The file exchange on a running server: files dropped in the municipality's in/ folder (taken only
// once their .ready marker is there), imported whole or not at all, archived with a result file,
// idempotent; door codes sealed at rest and unsealed only for the provider's own pulls.
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addMunicipality, addProvider } from '../../../src/server/admin/organisations.ts';
import { resultRows } from '../../../src/server/db/database.ts';
import { foldersOf } from '../../../src/server/exchange/folders.ts';
import { importFile } from '../../../src/server/exchange/importFile.ts';
import { sealerFor } from '../../../src/server/secrets/seal.ts';
import { pullChanges } from '../../../src/server/sync/pull.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';

const M = '1480';
const EXAMPLES = path.resolve('docs/formats/examples');
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');
const SECRETS = ['1234', '7788#', 'Nyckel i nyckelskåp 3', 'ring på hos grannen'];

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ engine: 'pglite', dataDir: null }, { exchange: true });
  const ctx = fx.server.ctx;
  await addMunicipality(ctx, { id: M, name: 'Göteborgs Stad' });
  await addProvider(ctx, { id: 'hemtjanst-nord', municipalityId: M, name: 'Hemtjänst Nord' });
  await addProvider(ctx, { id: 'hemtjanst-syd', municipalityId: M, name: 'Hemtjänst Syd' });
});
afterAll(async () => {
  await fx?.close();
});

const db = () => fx.server.ctx.database.db;
const folders = () => foldersOf(fx.server.ctx.paths, M);

async function rows(query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  return resultRows(await db().execute(query)) as Record<string, unknown>[];
}

/** Everything the import could have changed, to compare before and after a refused file. */
async function snapshot(): Promise<string> {
  const parts = await Promise.all([
    rows(sql`SELECT provider_id, entity, entity_id, data, deleted FROM sync_entities ORDER BY 1, 2, 3`),
    rows(sql`SELECT * FROM exchange_orders ORDER BY order_id`),
    rows(sql`SELECT provider_id, recipient_id FROM recipient_secrets ORDER BY 1, 2`),
  ]);
  return JSON.stringify(parts);
}

function drop(name: string, body: string | Buffer, ready = true): string {
  const file = path.join(folders().in, name);
  writeFileSync(file, body);
  if (ready) writeFileSync(`${file}.ready`, '');
  return file;
}

function resultOf(archived: string): Record<string, string>[] {
  const text = readFileSync(path.join(folders().archive, `${archived}.result.csv`), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text.slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
}

async function lastFile() {
  return (await rows(sql`SELECT * FROM exchange_files ORDER BY id DESC LIMIT 1`))[0]!;
}

describe('BFU orders dropped in the folder', () => {
  beforeEach(async () => {
    await fx.server.exchange!.pass();
  });

  it('takes a file only once its writer has left the .ready marker', async () => {
    const file = drop('orders-2026-01.xml', example('bfu-orders.xml'), false);
    await fx.server.exchange!.pass();
    expect(existsSync(file)).toBe(true);
    expect((await rows(sql`SELECT count(*)::int AS n FROM exchange_orders`))[0]!['n']).toBe(0);

    writeFileSync(`${file}.ready`, '');
    await fx.server.exchange!.pass();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.ready`)).toBe(false);
    const f = await lastFile();
    expect(f).toMatchObject({ status: 'imported', records: 4, rejected: 0, source: 'drop', format: 'bfu' });

    const archived = readdirSync(folders().archive).find((n) => n.endsWith('_orders-2026-01.xml'))!;
    expect(readFileSync(path.join(folders().archive, archived), 'utf8')).toBe(example('bfu-orders.xml'));
    const result = resultOf(archived);
    expect(result[0]).toMatchObject({ element: 'file', status: 'imported', code: '' });
    expect(result.slice(1).map((r) => [r['id'], r['status'], r['element']])).toEqual([
      ['o-1001', 'accepted', 'order[1]'],
      ['o-1002', 'accepted', 'order[2]'],
      ['o-1003', 'accepted', 'order[3]'],
      ['o-1004', 'accepted', 'order[4]'],
    ]);
    expect(Number(result[1]!['line'])).toBe(4);

    const orders = await rows(
      sql`SELECT provider_id, entity_id, data FROM sync_entities WHERE entity = 'order' ORDER BY entity_id`,
    );
    expect(orders.map((o) => [o['provider_id'], o['entity_id']])).toEqual([
      ['hemtjanst-nord', 'o-1001'],
      ['hemtjanst-nord', 'o-1002'],
      ['hemtjanst-nord', 'o-1003'],
      ['hemtjanst-syd', 'o-1004'],
    ]);
    expect(orders[0]!['data']).toMatchObject({
      recipientId: 'r-2001',
      version: 1,
      validTo: '2026-12-31',
      services: [
        { code: 'HS01', name: 'Personlig omvårdnad', grantedMinutesPerMonth: 600 },
        { code: 'SE02', name: 'Städning', grantedMinutesPerMonth: 120 },
      ],
      origin: { format: 'bfu', file: 'orders-2026-01.xml' },
      contacts: [{ name: 'Elva Tolvansson', relation: 'dotter', phone: '070-123 45 67' }],
    });
    const recipient = await rows(
      sql`SELECT data FROM sync_entities WHERE entity = 'recipient' AND entity_id = 'r-2003'`,
    );
    expect(recipient[0]!['data']).toMatchObject({
      displayName: 'Anna Andersson',
      protectedIdentity: true,
      personalIdentityNumber: '19710402-2343',
    });
  });

  it('keeps door codes and key information sealed: not in a table, a log, the audit or a result file', async () => {
    const everything = JSON.stringify(
      await Promise.all([
        rows(sql`SELECT * FROM sync_entities`),
        rows(sql`SELECT * FROM recipient_secrets`),
        rows(sql`SELECT * FROM server_audit`),
        rows(sql`SELECT * FROM exchange_files`),
        rows(sql`SELECT * FROM exchange_orders`),
      ]),
    );
    expect((await rows(sql`SELECT count(*)::int AS n FROM recipient_secrets`))[0]!['n']).toBe(2);
    for (const s of SECRETS) expect(everything).not.toContain(s);
    const logs = JSON.stringify(fx.logs);
    for (const s of SECRETS) expect(logs).not.toContain(s);
    for (const name of readdirSync(folders().archive).filter((n) => n.endsWith('.result.csv'))) {
      const text = readFileSync(path.join(folders().archive, name), 'utf8');
      for (const s of SECRETS) expect(text).not.toContain(s);
    }
  });

  it("unseals a home's access only in its own provider's pull", async () => {
    const sealer = sealerFor(fx.server.ctx.paths.secretsKey);
    const access = async (provider: string) =>
      Object.fromEntries(
        (await pullChanges(db(), provider, '0', 1000, new Date(), sealer)).changes.flatMap((c) =>
          c.entity === 'recipient' && c.op === 'upsert' ? [[c.id, c.data.homeAccess]] : [],
        ),
      );
    expect(await access('hemtjanst-nord')).toEqual({
      'r-2001': { doorCode: '1234', keyInformation: 'Nyckel i nyckelskåp 3 vid entrén' },
      'r-2002': null,
      'r-2003': null,
    });
    expect(await access('hemtjanst-syd')).toEqual({
      'r-2004': { doorCode: '7788#', keyInformation: 'Kodlås, ring på hos grannen vid strömavbrott' },
    });
    expect(await access('omsorg-ab')).toEqual({});
    // Without the sealer (no key), a pull carries no code at all.
    const bare = await pullChanges(db(), 'hemtjanst-nord', '0', 1000, new Date());
    expect(JSON.stringify(bare)).not.toContain('1234');
  });

  it('does nothing with the same file again, and says so', async () => {
    const before = await snapshot();
    const seq = await rows(sql`SELECT max(seq)::text AS s FROM sync_entities`);
    drop('orders-again.xml', example('bfu-orders.xml'));
    await fx.server.exchange!.pass();
    expect(await snapshot()).toBe(before);
    expect(await rows(sql`SELECT max(seq)::text AS s FROM sync_entities`)).toEqual(seq);
    const archived = readdirSync(folders().archive).find((n) => n.endsWith('_orders-again.xml'))!;
    const result = resultOf(archived);
    expect(result[0]).toMatchObject({ status: 'unchanged', code: 'exchange.file.alreadyImported' });
    expect(result[0]!['sv']).toMatch(/^Samma fil lästes redan in \d{4}-\d\d-\d\dT/);
    expect(result).toHaveLength(1);
  });

  it('refuses the whole file for one older version, and changes nothing', async () => {
    const before = await snapshot();
    const older = example('bfu-orders.xml')
      .replace('<order id="o-1002" version="2">', '<order id="o-1002" version="1">')
      .replace('Tolvan Tolvansson', 'Tolvan T. Tolvansson')
      .replace('<order id="o-1001" version="1">', '<order id="o-1001" version="2">');
    drop('orders-older.xml', older);
    await fx.server.exchange!.pass();
    expect(await snapshot()).toBe(before);
    expect(await lastFile()).toMatchObject({
      status: 'refused',
      code: 'exchange.file.refused',
      records: 4,
      rejected: 1,
    });
    const archived = readdirSync(folders().archive).find((n) => n.endsWith('_orders-older.xml'))!;
    const result = resultOf(archived);
    expect(result[0]).toMatchObject({ status: 'refused', code: 'exchange.file.refused' });
    expect(result[0]!['sv']).toBe(
      '1 av 4 poster avvisades, så ingenting i filen lästes in. Rätta posterna och lägg in filen igen.',
    );
    expect(result.find((r) => r['id'] === 'o-1002')).toMatchObject({
      status: 'rejected',
      code: 'exchange.record.olderVersion',
      sv: 'Beställning o-1002 version 1 är äldre än den som redan finns (version 2).',
      fi: 'Tilauksen o-1002 versio 1 on vanhempi kuin jo tallennettu (versio 2).',
      en: 'Order o-1002 version 1 is older than the one already stored (version 2).',
    });
    // The same file under the old versions, untouched, is still a no-op.
    expect(result.find((r) => r['id'] === 'o-1003')).toMatchObject({ status: 'unchanged' });
  });

  it('refuses another content under a stored version, an unknown provider and a personnummer conflict', async () => {
    const before = await snapshot();
    const bad = example('bfu-orders.xml')
      .replace('grantedMinutesPerMonth="300">Tillsyn', 'grantedMinutesPerMonth="360">Tillsyn')
      .replace('<provider id="hemtjanst-syd"/>', '<provider id="hemtjanst-vast"/>')
      .replace('<order id="o-1002" version="2">', '<order id="o-1002" version="3">')
      .replace('personalIdentityNumber="19520761-2333"', 'personalIdentityNumber="19121212-1212"');
    drop('orders-bad.xml', bad);
    await fx.server.exchange!.pass();
    expect(await snapshot()).toBe(before);
    const archived = readdirSync(folders().archive).find((n) => n.endsWith('_orders-bad.xml'))!;
    const byId = Object.fromEntries(
      resultOf(archived)
        .slice(1)
        .map((r) => [r['id'], r]),
    );
    expect(byId['o-1003']).toMatchObject({ code: 'exchange.record.versionConflict' });
    expect(byId['o-1004']).toMatchObject({ code: 'exchange.record.unknownProvider' });
    expect(byId['o-1002']).toMatchObject({ code: 'exchange.record.recipientConflict' });
  });

  it('refuses a file with an order twice or a wrong check digit, naming both, and changes nothing', async () => {
    const before = await snapshot();
    const text = example('bfu-orders.xml');
    const second = text.slice(text.indexOf('  <order id="o-1002"'), text.indexOf('  <order id="o-1003"'));
    const bad = text
      .replace('  <order id="o-1003"', `${second.replace('version="2"', 'version="5"')}  <order id="o-1003"`)
      .replace('personalIdentityNumber="19710402-2343"', 'personalIdentityNumber="19710402-2344"');
    drop('orders-dup.xml', bad);
    await fx.server.exchange!.pass();
    expect(await snapshot()).toBe(before);
    const archived = readdirSync(folders().archive).find((n) => n.endsWith('_orders-dup.xml'))!;
    const result = resultOf(archived);
    expect(result[0]).toMatchObject({ status: 'refused', code: 'exchange.file.refused' });
    const rejected = result.filter((r) => r['status'] === 'rejected');
    expect(rejected.map((r) => [r['id'], r['code']])).toEqual([
      ['o-1002', 'exchange.record.duplicate'],
      ['o-1003', 'exchange.record.personalId'],
    ]);
    expect(rejected[0]!['sv']).toMatch(/^o-1002 finns redan tidigare i samma fil \(rad \d+\)\.$/);
    // The number itself is never written back.
    expect(JSON.stringify(result)).not.toContain('19710402-2344');
  });

  it('refuses a hostile file before reading it, and changes nothing', async () => {
    const before = await snapshot();
    drop(
      'orders-xxe.xml',
      `<?xml version="1.0"?>\n<!DOCTYPE orders [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<orders xmlns="urn:caredock:bfu:orders:1" version="1" municipality="${M}">&x;</orders>`,
    );
    await fx.server.exchange!.pass();
    expect(await snapshot()).toBe(before);
    expect(await lastFile()).toMatchObject({ status: 'refused', code: 'exchange.file.doctype' });
    const archived = readdirSync(folders().archive).find((n) => n.endsWith('_orders-xxe.xml'))!;
    const text = readFileSync(path.join(folders().archive, `${archived}.result.csv`), 'utf8');
    expect(text).toContain('exchange.file.doctype');
    expect(text).not.toContain('root:');
  });

  it('refuses a 1 GB file that is one endless attribute without reading it into memory', async () => {
    const before = await snapshot();
    const file = drop(
      'orders-huge.xml',
      `<?xml version="1.0"?>\n<orders xmlns="urn:caredock:bfu:orders:1" version="1" municipality="${M}"><order id="`,
      false,
    );
    // Sparse: 1 GB on paper, nothing on the disk; the reader sees a billion more bytes of one value.
    truncateSync(file, 1024 ** 3);
    writeFileSync(`${file}.ready`, '');
    const rss = process.memoryUsage().rss;
    await fx.server.exchange!.pass();
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 ** 2);
    expect(await snapshot()).toBe(before);
    expect(await lastFile()).toMatchObject({ status: 'refused', name: 'orders-huge.xml' });
    expect(['exchange.file.partTooLarge', 'exchange.file.xmlBroken']).toContain((await lastFile())['code']);
    for (const n of readdirSync(folders().archive).filter((x) => x.endsWith('_orders-huge.xml')))
      rmSync(path.join(folders().archive, n));
  }, 60_000);

  it('imports a newer version: the order changes, its origin names the new file', async () => {
    const newer = example('bfu-orders.xml')
      .replace('<order id="o-1001" version="1">', '<order id="o-1001" version="2">')
      .replace('grantedMinutesPerMonth="600"', 'grantedMinutesPerMonth="660"')
      .replace('<doorCode>1234</doorCode>', '<doorCode>2468</doorCode>');
    drop('orders-v2.xml', newer);
    await fx.server.exchange!.pass();
    expect(await lastFile()).toMatchObject({ status: 'imported', records: 4 });
    const archived = readdirSync(folders().archive).find((n) => n.endsWith('_orders-v2.xml'))!;
    expect(
      resultOf(archived)
        .slice(1)
        .map((r) => r['status']),
    ).toEqual(['accepted', 'unchanged', 'unchanged', 'unchanged']);
    const o = await rows(sql`SELECT data FROM sync_entities WHERE entity = 'order' AND entity_id = 'o-1001'`);
    expect(o[0]!['data']).toMatchObject({ version: 2, origin: { file: 'orders-v2.xml' } });
    const pulled = await pullChanges(
      db(),
      'hemtjanst-nord',
      '0',
      1000,
      new Date(),
      sealerFor(fx.server.ctx.paths.secretsKey),
    );
    const r1 = pulled.changes.find((c) => c.entity === 'recipient' && c.id === 'r-2001');
    expect(r1?.op === 'upsert' && r1.entity === 'recipient' ? r1.data.homeAccess?.doorCode : null).toBe(
      '2468',
    );
  });
});

describe('MFU recipients', () => {
  it('updates the mapped fields, keeps the rest, and normalises tag UIDs', async () => {
    const r = await importFile(fx.server.ctx, {
      municipalityId: M,
      format: 'mfu',
      file: drop('recipients.csv', readFileSync(path.join(EXAMPLES, 'mfu-recipients.csv')), false),
      name: 'recipients.csv',
      source: 'api',
    });
    expect(r).toMatchObject({ status: 'imported', records: 3, accepted: 3, rejected: 0 });
    const rec = Object.fromEntries(
      (await rows(sql`SELECT entity_id, data FROM sync_entities WHERE entity = 'recipient'`)).map((x) => [
        x['entity_id'],
        x['data'],
      ]),
    );
    expect(rec['r-2001']).toMatchObject({
      displayName: 'Tolvan Tolvansson',
      // From BFU, which MFU does not carry: kept.
      personalIdentityNumber: '19121212-1212',
      address: 'Storgatan 1; lgh 1101, 411 38 Göteborg',
      phone: '070-123 45 67',
      siteId: 'A-17',
      propertyDesignation: 'Göteborg Inom Vallgraven 1:2',
    });
    expect(rec['r-2004']).toMatchObject({ displayName: 'Göran "Göte" Ängström' });
    const tags = await rows(
      sql`SELECT provider_id, entity_id, data->>'recipientId' AS r FROM sync_entities WHERE entity = 'tag' AND NOT deleted ORDER BY 2`,
    );
    expect(tags.map((t) => [t['entity_id'], t['r']])).toEqual([
      ['0411223344556677', 'r-2004'],
      ['04112233445566aa', 'r-2004'],
      ['04a1b2c3', 'r-2001'],
      ['04a1b2c4', 'r-2001'],
      ['04a1b2c5', 'r-2002'],
    ]);
    // The MFU door code replaces BFU's; the key information from BFU stays.
    const pulled = await pullChanges(
      db(),
      'hemtjanst-nord',
      '0',
      1000,
      new Date(),
      sealerFor(fx.server.ctx.paths.secretsKey),
    );
    const r1 = pulled.changes.find((c) => c.entity === 'recipient' && c.id === 'r-2001');
    expect(r1?.op === 'upsert' && r1.entity === 'recipient' ? r1.data.homeAccess : null).toEqual({
      doorCode: '1234',
      keyInformation: 'Nyckel i nyckelskåp 3 vid entrén',
    });
  });

  it("reads Windows-1252 with ',' under the municipality's own mapping, and drops tags no longer listed", async () => {
    const put = await fetchAdmin('PUT', `/admin/municipalities/${M}/exchange/settings`, {
      recipientMapping: {
        columns: {
          customerNumber: 'Kundnummer',
          providerId: 'Utförare',
          name: 'Namn',
          address: 'Adress',
          doorCode: 'Portkod',
          tagUids: 'Taggar',
        },
        encoding: 'auto',
      },
    });
    expect(put.status).toBe(200);
    const body = readFileSync(path.join(EXAMPLES, 'mfu-recipients-windows1252.csv'));
    const res = await fetchAdmin(
      'POST',
      `/admin/municipalities/${M}/exchange/mfu?name=register.csv`,
      body,
      'text/csv',
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'imported', records: 3 });
    const rec = await rows(
      sql`SELECT data FROM sync_entities WHERE entity = 'recipient' AND entity_id = 'r-2003'`,
    );
    expect(rec[0]!['data']).toMatchObject({ displayName: 'Åsa Öberg', address: 'Älvsborgsgatan 12' });
    const tags = await rows(
      sql`SELECT entity_id FROM sync_entities WHERE entity = 'tag' AND NOT deleted AND data->>'recipientId' = 'r-2001' ORDER BY 1`,
    );
    expect(tags.map((t) => t['entity_id'])).toEqual(['04a1b2c3']);
    // Not mapped this time: the phone from the first file stays.
    const r1 = await rows(
      sql`SELECT data FROM sync_entities WHERE entity = 'recipient' AND entity_id = 'r-2001'`,
    );
    expect(r1[0]!['data']).toMatchObject({ phone: '070-123 45 67' });
    const list = await fetchAdmin('GET', `/admin/municipalities/${M}/exchange/files?limit=1`);
    expect(list.json).toEqual([
      expect.objectContaining({ name: 'register.csv', status: 'imported', source: 'api' }),
    ]);
  });

  it('refuses a ragged file whole, with the row named', async () => {
    const before = await snapshot();
    const res = await fetchAdmin(
      'POST',
      `/admin/municipalities/${M}/exchange/mfu?name=ragged.csv`,
      Buffer.from('Kundnummer;Utförare;Namn\r\nr-9;hemtjanst-nord;Nio\r\nr-10;hemtjanst-nord\r\n'),
      'text/csv',
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'refused',
      code: 'exchange.file.refused',
      records: 2,
      rejected: 1,
    });
    expect(await snapshot()).toBe(before);
  });

  it('answers a bad upload with a code, not a stack', async () => {
    const res = await fetchAdmin(
      'POST',
      `/admin/municipalities/9999/exchange/bfu?name=x.xml`,
      Buffer.from('<a/>'),
      'application/xml',
    );
    expect(res.status).toBe(404);
    const traversal = await fetchAdmin(
      'POST',
      `/admin/municipalities/${M}/exchange/bfu?name=..%2Fx.xml`,
      Buffer.from('<a/>'),
      'application/xml',
    );
    expect(traversal.status).toBe(400);
    expect(traversal.json).toMatchObject({ error: { code: 'admin.invalid' } });
  });
});

async function fetchAdmin(
  method: string,
  urlPath: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: unknown }> {
  const { request } = await import('node:https');
  const token = readFileSync(fx.server.ctx.paths.adminToken, 'utf8').trim();
  const payload =
    body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: fx.server.adminPort,
        method,
        path: urlPath,
        servername: 'localhost',
        ca: fx.ca,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

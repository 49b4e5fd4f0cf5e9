// The 1177 inbox (contract 1.0) against the local producer stub: every request valid against the
// RC6 schemas, each kind of answer mapped to what the queue does, a lost answer never sent again,
// a refused client certificate pausing the channel, and bad identifiers refused before sending.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeAddMessage,
  encodeIsActiveUser,
  isValidHsaId,
  subjectOfCareId,
} from '../../../integrations/patientportal/contract-v1.ts';
import { startPatientPortalFake, type PatientPortalFake } from '../../../integrations/patientportal/fake.ts';
import {
  createInbox,
  type InboxMessage,
  type PatientInbox,
} from '../../../integrations/patientportal/inbox.ts';
import { issueClient, makeCa, type Pem } from './pki.ts';

const specs = path.resolve(import.meta.dirname, '../../specs/1177');
const seedDocBook = readFileSync(path.join(import.meta.dirname, 'fixtures/seed-example.docbook.xml'), 'utf8');

const TOLVAN = '19121212-1212';
const SAMORDNING = '19701063-2318';
const INACTIVE = '20121212-1212';
const UNIT = { hsaId: 'SE2321000016-F7PH', name: 'Hemtjänst Norr & Söder' };
const message = (over: Partial<InboxMessage> = {}): InboxMessage => ({
  personId: TOLVAN,
  sender: UNIT,
  title: 'Ändrad besökstid <i morgon>',
  docbook: seedDocBook,
  ...over,
});

let municipalityCa: Pem;
let functionCert: Pem;
beforeAll(() => {
  municipalityCa = makeCa('Test SITHS CA');
  functionCert = issueClient(municipalityCa, 'SE2120000000-CAREDOCK');
});

let fake: PatientPortalFake | undefined;
afterEach(async () => {
  // No test may send a request the RC6 schemas refuse.
  expect(fake?.invalid ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
});

async function setup(opts: { cert?: Pem; timeoutMs?: number } = {}): Promise<PatientInbox> {
  fake = await startPatientPortalFake({
    clientCa: municipalityCa.cert,
    activeUsers: [subjectOfCareId(TOLVAN), subjectOfCareId(SAMORDNING)],
  });
  const cert = opts.cert ?? functionCert;
  return createInbox({
    version: '1.0',
    endpoints: fake.endpoints,
    logicalAddress: 'SE165565594230-1000',
    sourceSystem: 'CAREDOCK-TEST',
    tls: { key: cert.key, cert: cert.cert, ca: fake.ca },
    timeoutMs: opts.timeoutMs ?? 5000,
  });
}

function lint(xml: string, schema: string): string | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), '1177-xsd-'));
  const file = path.join(dir, 'part.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--nonet', '--noout', '--schema', schema, file], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const part = (xml: string, name: 'Header' | 'Body') =>
  new RegExp(`<soap:${name}>([\\s\\S]*)</soap:${name}>`).exec(xml)![1]!;

describe('the SOAP requests', () => {
  const isActive = path.join(specs, 'interactions/IsActiveUserInteraction/IsActiveUserResponder_1.0.xsd');
  const addMessage = path.join(
    specs,
    'interactions/AddMessageToPatientPortalInboxInteraction/AddMessageToPatientPortalInboxResponder_1.0.xsd',
  );
  const registry = path.join(specs, 'core_components/itintegration_registry_1.0.xsd');
  const v1 = (personId: string) => ({
    subjectOfCareId: personId,
    sourceSystem: 'CAREDOCK & co',
    description: 'Besök <flyttat>',
    unit: UNIT,
    docbook: seedDocBook,
  });

  it('each one validates against the RC6 schemas (personnummer pattern fixed) with xmllint', () => {
    for (const id of [TOLVAN, '191212121212', SAMORDNING]) {
      const requests = [
        [encodeIsActiveUser('SE165565594230-1000', id), isActive],
        [encodeAddMessage('SE165565594230-1000', v1(id)), addMessage],
      ] as const;
      for (const [xml, schema] of requests) {
        expect(lint(part(xml, 'Body'), schema)).toBeNull();
        expect(lint(part(xml, 'Header'), registry)).toBeNull();
      }
    }
  });

  it('needs the fix: the published pattern refuses a real personnummer', () => {
    // The copy with the published pattern put back.
    const dir = mkdtempSync(path.join(os.tmpdir(), '1177-published-'));
    try {
      cpSync(specs, dir, { recursive: true });
      const core = path.join(dir, 'core_components/infrastructure_eservicesupply_patientportal_1.0.xsd');
      const fixed = readFileSync(core, 'utf8');
      expect(fixed).toContain('value="[0-9]{8}[0-9pPtTfF][0-9]{3}"');
      writeFileSync(core, fixed.replace('value="[0-9]{8}', 'value="^[0-9]{8}').replace('{3}"/>', '{3}$"/>'));
      const schema = path.join(dir, 'interactions/IsActiveUserInteraction/IsActiveUserResponder_1.0.xsd');
      expect(lint(part(encodeIsActiveUser('SE165565594230-1000', TOLVAN), 'Body'), schema)).toMatch(
        /subjectOfCareId/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carries the DocBook entity-encoded and the LogicalAddress header', () => {
    const xml = encodeAddMessage('SE165565594230-1000', v1(TOLVAN));
    expect(xml).toContain(
      '<itr:LogicalAddress xmlns:itr="urn:riv:itintegration:registry:1">SE165565594230-1000<',
    );
    expect(xml).toContain('&lt;article&gt;');
    expect(xml).not.toContain('<article>');
  });

  it('refuses a bad HSA id or person id while building', () => {
    expect(() =>
      encodeAddMessage('LA', { ...v1(TOLVAN), unit: { hsaId: 'SE2321000017-F7PH', name: 'x' } }),
    ).toThrow(/HSA id/);
    expect(() => encodeIsActiveUser('LA', '19121212-1213')).toThrow(/personal identity/);
    expect(() => encodeIsActiveUser('LA', '131052-308T')).toThrow(/personal identity/);
  });

  it('reads HSA ids by the documented rule', () => {
    expect(isValidHsaId('SE2321000016-F7PH')).toBe(true);
    expect(isValidHsaId('SE165565594230-1000')).toBe(true);
    for (const bad of [
      'SE2321000017-F7PH',
      'SE2321000016',
      'SE2321000016-',
      'se2321000016-F7PH',
      'SE232100001-F7PH',
    ])
      expect(isValidHsaId(bad)).toBe(false);
    expect(isValidHsaId(`SE2321000016-${'A'.repeat(18)}`)).toBe(true);
    expect(isValidHsaId(`SE2321000016-${'A'.repeat(19)}`)).toBe(false);
  });
});

describe('the inbox against the 1177 stub', () => {
  it('delivers to an active user: IsActiveUser, then the message, once', async () => {
    const inbox = await setup();
    expect(await inbox.deliver(message({ personId: SAMORDNING }))).toEqual({ status: 'sent' });
    expect(fake!.requests.map((r) => r.operation)).toEqual([
      'IsActiveUser',
      'AddMessageToPatientPortalInbox',
    ]);
    expect(fake!.requests[0]).toMatchObject({
      logicalAddress: 'SE165565594230-1000',
      client: 'SE2120000000-CAREDOCK',
      subjectOfCareId: '197010632318',
    });
    expect(fake!.inbox).toEqual([
      {
        subjectOfCareId: '197010632318',
        unitId: UNIT.hsaId,
        unitName: UNIT.name,
        description: 'Ändrad besökstid <i morgon>',
        messageText: seedDocBook.replace(/\r/g, ''),
        sourceSystem: 'CAREDOCK-TEST',
        at: expect.any(Number),
      },
    ]);
  });

  it('sends nothing to someone who is not an active user', async () => {
    const inbox = await setup();
    expect(await inbox.isActiveUser(INACTIVE)).toEqual({
      status: 'permanent',
      code: 'patientportal.notActiveUser',
    });
    expect(await inbox.deliver(message({ personId: INACTIVE }))).toEqual({
      status: 'permanent',
      code: 'patientportal.notActiveUser',
    });
    expect(fake!.requests.every((r) => r.operation === 'IsActiveUser')).toBe(true);
    // The producer's own refusal, when the check was skipped, reads the same.
    expect(await inbox.addMessage(message({ personId: INACTIVE }))).toEqual({
      status: 'permanent',
      code: 'patientportal.notActiveUser',
    });
    expect(fake!.inbox).toEqual([]);
  });

  it('maps INFO, ERROR and faults', async () => {
    const inbox = await setup();
    fake!.script(
      'AddMessageToPatientPortalInbox',
      { type: 'info', text: 'Notification not sent' },
      { type: 'error', text: 'Unit not connected' },
      { type: 'fault', side: 'Server', text: 'VP009 Error connecting to service producer' },
      { type: 'fault', side: 'Client', text: 'Malformed request' },
      { type: 'http', status: 503, body: 'busy' },
    );
    expect(await inbox.addMessage(message())).toEqual({
      status: 'sent',
      notice: { code: 'patientportal.resultInfo', params: { resultText: 'Notification not sent' } },
    });
    expect(await inbox.addMessage(message())).toEqual({
      status: 'permanent',
      code: 'patientportal.resultError',
      params: { resultText: 'Unit not connected' },
    });
    expect(await inbox.addMessage(message())).toEqual({
      status: 'retry',
      code: 'patientportal.serverFault',
      params: { fault: 'VP009 Error connecting to service producer' },
    });
    expect(await inbox.addMessage(message())).toEqual({
      status: 'permanent',
      code: 'patientportal.clientFault',
      params: { fault: 'Malformed request' },
    });
    expect(await inbox.addMessage(message())).toMatchObject({
      status: 'retry',
      code: 'patientportal.serverBusy',
    });
    fake!.script('IsActiveUser', { type: 'fault', side: 'Server', text: 'down' });
    expect(await inbox.isActiveUser(TOLVAN)).toMatchObject({
      status: 'retry',
      code: 'patientportal.serverFault',
    });
    expect(fake!.inbox).toHaveLength(1);
  });

  it('a slow answer is unknown, never sent again, and reached the producer once', async () => {
    const inbox = await setup({ timeoutMs: 300 });
    fake!.script('AddMessageToPatientPortalInbox', { type: 'slow', ms: 1500 });
    const r = await inbox.deliver(message());
    expect(r).toMatchObject({ status: 'unknown', code: 'patientportal.outcomeUnknown' });
    expect(fake!.requests.filter((x) => x.operation === 'AddMessageToPatientPortalInbox')).toHaveLength(1);
    expect(fake!.inbox).toHaveLength(1);
  });

  it('a dropped connection after sending is unknown too; a slow IsActiveUser is only retried', async () => {
    const inbox = await setup({ timeoutMs: 300 });
    fake!.script('AddMessageToPatientPortalInbox', { type: 'drop' });
    expect(await inbox.addMessage(message())).toMatchObject({ status: 'unknown' });
    fake!.script('IsActiveUser', { type: 'slow', ms: 1500 });
    expect(await inbox.isActiveUser(TOLVAN)).toMatchObject({
      status: 'retry',
      code: 'patientportal.timeout',
    });
    expect(fake!.inbox).toHaveLength(1);
  });

  it('a certificate the platform does not accept pauses the channel', async () => {
    const stranger = issueClient(makeCa('Some other CA'), 'SE2120000000-OTHER');
    const inbox = await setup({ cert: stranger });
    expect(await inbox.deliver(message())).toMatchObject({
      status: 'pause',
      code: 'patientportal.tlsFailed',
    });
    expect(fake!.requests).toEqual([]);
  });

  it('a platform certificate from the wrong CA pauses the channel', async () => {
    await setup();
    const inbox = createInbox({
      version: '1.0',
      endpoints: fake!.endpoints,
      logicalAddress: 'SE165565594230-1000',
      sourceSystem: 'CAREDOCK-TEST',
      tls: { key: functionCert.key, cert: functionCert.cert, ca: municipalityCa.cert },
    });
    expect(await inbox.isActiveUser(TOLVAN)).toMatchObject({
      status: 'pause',
      code: 'patientportal.tlsFailed',
    });
  });

  it('a refused connection before sending is retried', async () => {
    const inbox = await setup();
    await fake!.close();
    fake = undefined;
    expect(await inbox.addMessage(message())).toMatchObject({
      status: 'retry',
      code: 'patientportal.connectionFailed',
    });
  });

  it('refuses a bad HSA id, person id, missing title or DocBook outside the table before sending', async () => {
    const inbox = await setup();
    expect(await inbox.deliver(message({ sender: { hsaId: 'SE2321000016F7PH', name: 'x' } }))).toEqual({
      status: 'permanent',
      code: 'patientportal.invalidHsaId',
      params: { unitId: 'SE2321000016F7PH' },
    });
    expect(await inbox.deliver(message({ personId: '19121212-1213' }))).toEqual({
      status: 'permanent',
      code: 'patientportal.invalidPersonId',
      params: {},
    });
    expect(await inbox.addMessage(message({ personId: '131052-308T' }))).toMatchObject({
      code: 'patientportal.invalidPersonId',
    });
    expect(await inbox.addMessage(message({ title: ' ' }))).toEqual({
      status: 'permanent',
      code: 'patientportal.invalidMessage',
      params: { field: 'title' },
    });
    expect(await inbox.addMessage(message({ docbook: '<article><table/></article>' }))).toMatchObject({
      status: 'permanent',
      code: 'patientportal.docbook.element',
    });
    expect(fake!.requests).toEqual([]);
  });

  it('keeps the contract limits for the queue', async () => {
    const inbox = await setup();
    expect(inbox.version).toBe('1.0');
    expect(inbox.limits).toEqual({
      roundSize: 1000,
      roundPauseMs: 300_000,
      retryDelaysMs: [4000, 20_000, 300_000, 1_800_000],
    });
  });
});

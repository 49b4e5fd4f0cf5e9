import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPixieGateway } from '../../integrations/pixie/client.ts';
import { decodeAnswer, pixieSignature } from '../../integrations/pixie/encoder.ts';
import { startPixieFake, type PixieFake } from '../../integrations/pixie/fake.ts';
import { checkSms, type SmsMessage } from '../../integrations/sms/message.ts';
import { createTellusTalkGateway } from '../../integrations/tellustalk/client.ts';
import { startTellusTalkFake, type TellusTalkFake } from '../../integrations/tellustalk/fake.ts';
import { CareDockError } from '../../src/shared/errors/index.ts';

function sms(text: string, to = '070-123 45 67', sender = 'Omsorg'): SmsMessage {
  const c = checkSms({ to, text, sender }, 'SE');
  if (!c.ok) throw new Error(c.code);
  return c.message;
}

describe('TellusTalk against its fake', () => {
  let fake: TellusTalkFake;
  beforeAll(async () => {
    fake = await startTellusTalkFake({ username: 'omsorg.api', password: 'pw-1' });
  });
  afterAll(() => fake.close());
  const gateway = () =>
    createTellusTalkGateway({
      baseUrl: fake.url,
      username: 'Omsorg.API',
      password: 'pw-1',
      ca: fake.ca,
      timeoutMs: 3000,
    });

  it('sends a message, then follows its delivery report from /logs/v2', async () => {
    const out = await gateway().send(sms('Besök i morgon 09:00 – välkommen'));
    expect(out).toMatchObject({ status: 'sent', ref: expect.any(String) });
    const ref = (out as { ref: string }).ref;
    const entry = fake.log.find((e) => e.job_id === ref)!;
    expect(entry).toMatchObject({
      address: 'sms:+46701234567',
      text: 'Besök i morgon 09:00 – välkommen',
      originator: 'Omsorg',
    });
    expect(await gateway().deliveryStatus!(ref)).toEqual({ state: 'pending' });
    fake.report(ref, 'success');
    expect(await gateway().deliveryStatus!(ref)).toEqual({ state: 'delivered' });
    const second = (await gateway().send(sms('Andra'))) as { ref: string };
    fake.report(second.ref, 'failed');
    expect(await gateway().deliveryStatus!(second.ref)).toEqual({ state: 'failed', detail: 'failed' });
  });

  it('pauses on a wrong password, slows down on 429, retries 503, and treats a 500 as unknown', async () => {
    const wrong = createTellusTalkGateway({
      baseUrl: fake.url,
      username: 'omsorg.api',
      password: 'nope',
      ca: fake.ca,
    });
    expect(await wrong.send(sms('x'))).toEqual({
      status: 'pause',
      code: 'sms.authFailed',
      params: { provider: 'tellustalk' },
    });
    fake.script(
      { status: 429, retryAfterSeconds: 7 },
      { status: 503 },
      { status: 500 },
      { status: 400, body: 'bad' },
    );
    const g = gateway();
    expect(await g.send(sms('x'))).toMatchObject({
      status: 'retry',
      code: 'sms.rateLimited',
      retryAfterMs: 7000,
    });
    expect(await g.send(sms('x'))).toMatchObject({ status: 'retry', code: 'sms.gatewayUnavailable' });
    expect(await g.send(sms('x'))).toMatchObject({ status: 'unknown', code: 'sms.unknownOutcome' });
    expect(await g.send(sms('x'))).toMatchObject({
      status: 'permanent',
      code: 'sms.gatewayRejected',
      params: { code: 400 },
    });
  });

  it('resolves a send whose answer was lost from the log, without mistaking an earlier identical message', async () => {
    const g = gateway();
    const m = sms('Ditt besök flyttas till 10:30', '+46 73 000 11 22');
    const earlier = (await g.send(m)) as { ref: string };
    expect(await g.resolve!(m, (ref) => ref === earlier.ref)).toEqual({ status: 'not-sent' });
    fake.script({ drop: 'after-accept' });
    expect(await g.send(m)).toMatchObject({ status: 'unknown', code: 'sms.unknownOutcome' });
    const found = await g.resolve!(m, (ref) => ref === earlier.ref);
    expect(found).toMatchObject({ status: 'sent' });
    expect((found as { ref: string }).ref).not.toBe(earlier.ref);
    // Dropped before the gateway took it: the log shows nothing new, so it may be sent again.
    fake.script({ drop: 'before-accept' });
    const m2 = sms('Nytt meddelande', '+46 73 000 11 23');
    expect((await g.send(m2)).status).toBe('unknown');
    expect(await g.resolve!(m2, () => false)).toEqual({ status: 'not-sent' });
  });

  it('fails before sending when the certificate is not trusted, and pauses for the admin', async () => {
    const untrusted = createTellusTalkGateway({
      baseUrl: fake.url,
      username: 'omsorg.api',
      password: 'pw-1',
    });
    expect(await untrusted.send(sms('x'))).toMatchObject({ status: 'pause', code: 'sms.tlsFailed' });
    expect(() =>
      createTellusTalkGateway({ baseUrl: 'http://127.0.0.1:1', username: 'a', password: 'b' }),
    ).toThrow(/https/);
    const nobody = createTellusTalkGateway({ baseUrl: 'https://127.0.0.1:1', username: 'a', password: 'b' });
    expect(await nobody.send(sms('x'))).toMatchObject({ status: 'retry', code: 'sms.gatewayUnavailable' });
  });
});

describe('Pixie against its fake', () => {
  let fake: PixieFake;
  beforeAll(async () => {
    fake = await startPixieFake({ account: '10203005', password: 'DuY7ye99' });
  });
  afterAll(() => fake.close());
  const gateway = (password = 'DuY7ye99') =>
    createPixieGateway({ endpoint: fake.url, account: '10203005', password, ca: fake.ca, timeoutMs: 3000 });

  it('signs as Pixie’s public clients do', () => {
    // The worked example in a public Pixie client's tests: account, receivers, message, password.
    expect(pixieSignature('10203005', '4670234567,463849235', 'Rea i morgon. Välkommen', 'DuY7ye99')).toBe(
      '2a6044ac52c48a4531ad5bc2022d3069',
    );
  });

  it('sends over https with the signature, never the password, and reads code 0 as sent', async () => {
    expect(await gateway().send(sms('Besök i morgon kl. 09:00'))).toEqual({ status: 'sent' });
    expect(fake.sent.at(-1)).toEqual({
      receivers: ['46701234567'],
      sender: 'Omsorg',
      message: 'Besök i morgon kl. 09:00',
    });
  });

  it('pauses on a bad signature, refuses a message on a code ≠ 0, retries 503, treats a lost answer as unknown', async () => {
    expect(await gateway('wrong').send(sms('x'))).toEqual({
      status: 'pause',
      code: 'sms.authFailed',
      params: { provider: 'pixie' },
    });
    fake.script(
      { code: 402, description: 'För långt avsändarnamn' },
      { status: 503 },
      { drop: 'after-accept' },
      { status: 500 },
    );
    const g = gateway();
    expect(await g.send(sms('x'))).toEqual({
      status: 'permanent',
      code: 'sms.gatewayRejected',
      params: { provider: 'pixie', code: 402 },
    });
    expect(await g.send(sms('x'))).toMatchObject({ status: 'retry', code: 'sms.gatewayUnavailable' });
    expect(await g.send(sms('x'))).toMatchObject({ status: 'unknown' });
    expect(await g.send(sms('x'))).toMatchObject({ status: 'unknown' });
    // Pixie has no log to ask: the queue parks such an attempt.
    expect(g.resolve).toBeUndefined();
  });

  it('refuses plain http, and an answer with a DTD', () => {
    expect(() =>
      createPixieGateway({ endpoint: 'http://smsserver.pixie.se/sendsms', account: 'a', password: 'b' }),
    ).toThrow(CareDockError);
    expect(decodeAnswer(200, '<!DOCTYPE x [<!ENTITY a "b">]><response code="0"/>')).toMatchObject({
      status: 'unknown',
    });
    expect(decodeAnswer(200, '<?xml version="1.0"?><response code="0"><cost>50</cost></response>')).toEqual({
      status: 'sent',
    });
  });
});

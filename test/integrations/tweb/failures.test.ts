// Each way TWeb or the path to it fails, and the outcome docs/integrations/tweb.md ("Statuses")
// says CareDock answers the queue with: retried, refused for good, paused, or unknown and then
// resolved by looking the step's key up. A rerun after a partial failure continues where it
// stopped: never a second case, never a second document.
import { describe, expect, it } from 'vitest';
import { startTwebFake, type TwebFake } from '../../../integrations/tweb/fake.ts';
import { createTwebClient } from '../../../integrations/tweb/index.ts';
import {
  deviation,
  expectViolations,
  jpegBytes,
  monthlyBasis,
  notice,
  pdfBytes,
  PROVIDER,
  settingsFor,
  world,
} from './world.ts';

/** The stub's new cases (the first is the seeded contract case). */
const newCases = (fake: TwebFake) => fake.cases.filter((c) => c.request !== null);

describe('TWeb: authentication', () => {
  it('fetches a new token once when TWeb answers 401, repeats the call under the same key, and goes on', async () => {
    const { fake, client } = await world();
    expect((await client.file(monthlyBasis())).status).toBe('sent');
    fake.expireTokens();
    const r = await client.file(deviation());
    expect(r.status).toBe('sent');
    expect(fake.tokensIssued).toBe(2);
    expect(newCases(fake)).toHaveLength(1);
    const create = fake.requests.filter((q) => q.route === 'createCase');
    expect(create.map((q) => q.status)).toEqual([401, 201]);
    expect(create[0]!.key).toBe(create[1]!.key);
  });

  it('keeps the token until shortly before it expires, and shares one token request among calls at once', async () => {
    let now = Date.parse('2026-03-04T10:00:00Z');
    const { fake, client } = await world({
      fake: { auth: { type: 'oauth2', tokenLifetimeS: 3600 } },
      client: { now: () => now },
    });
    await Promise.all([client.file(monthlyBasis()), client.file(monthlyBasis()), client.file(notice())]);
    expect(fake.tokensIssued).toBe(1);
    now += 3600_000 - 61_000;
    await client.file(monthlyBasis());
    expect(fake.tokensIssued).toBe(1);
    now += 2_000; // inside the last minute: a new token before the old one runs out
    await client.file(monthlyBasis());
    expect(fake.tokensIssued).toBe(2);
  });

  it('pauses the channel when a fresh token is refused too', async () => {
    const { fake, client } = await world();
    fake.script('createCase', { type: 'expiredToken' }, { type: 'expiredToken' });
    const r = await client.file(deviation());
    expect(r).toMatchObject({
      status: 'pause',
      code: 'tweb.authFailed',
      params: { host: new URL(fake.url).host },
    });
    expect(fake.tokensIssued).toBe(2);
    expect(newCases(fake)).toEqual([]);
  });

  it('sends client_id and client_secret in the form when the settings say client_secret_post', async () => {
    const { fake } = await world();
    const settings = settingsFor(fake, {
      auth: {
        type: 'oauth2',
        tokenUrl: fake.tokenUrl,
        ...fake.oauth,
        clientAuth: 'post',
        scope: 'cases.write',
      },
    });
    expect((await createTwebClient(settings).file(monthlyBasis())).status).toBe('sent');
  });

  it('pauses when the token endpoint refuses the client, and retries when it is down', async () => {
    const { fake } = await world();
    const wrong = createTwebClient(
      settingsFor(fake, {
        auth: {
          type: 'oauth2',
          tokenUrl: fake.tokenUrl,
          clientId: fake.oauth.clientId,
          clientSecret: 'wrong',
        },
      }),
    );
    expect(await wrong.file(deviation())).toMatchObject({ status: 'pause', code: 'tweb.tokenRefused' });
    const right = createTwebClient(settingsFor(fake));
    fake.script('token', { type: 'status', status: 503 });
    expect(await right.file(deviation())).toMatchObject({ status: 'retry', code: 'tweb.tokenUnavailable' });
    expect(newCases(fake)).toEqual([]);
    expect((await right.file(deviation())).status).toBe('sent');
  });

  it('signs with an API key, and pauses at once when TWeb refuses it (a key does not refresh)', async () => {
    const { fake } = await world({ fake: { auth: { type: 'apiKey', header: 'X-TWeb-Key' } } });
    const good = createTwebClient(
      settingsFor(fake, { auth: { type: 'apiKey', header: 'X-TWeb-Key', key: fake.apiKey.key } }),
    );
    expect((await good.file(deviation())).status).toBe('sent');
    const bad = createTwebClient(
      settingsFor(fake, { auth: { type: 'apiKey', header: 'X-TWeb-Key', key: 'revoked' } }),
    );
    const before = fake.requests.length;
    expect(await bad.file(deviation())).toMatchObject({ status: 'pause', code: 'tweb.authFailed' });
    expect(fake.requests.length - before).toBe(1);
  });
});

describe('TWeb: answers mapped to outcomes', () => {
  it('retries a 429 after its Retry-After', async () => {
    const { fake, client } = await world();
    fake.script('createCase', { type: 'busy', retryAfter: '7' });
    expect(await client.file(deviation())).toMatchObject({
      status: 'retry',
      code: 'tweb.busy',
      retryAfterMs: 7000,
    });
    fake.script('addDocument', {
      type: 'status',
      status: 503,
      error: 'unavailable',
      headers: { 'retry-after': 'Wed, 21 Oct 2099 07:28:00 GMT' },
    });
    const r = await client.file(deviation());
    expect(r).toMatchObject({ status: 'retry', code: 'tweb.busy' });
    expect(r.status === 'retry' && r.retryAfterMs! > 1000).toBe(true);
  });

  it('retries a 500, and refuses for good a 400, 403, 413 and a records-plan code TWeb does not have', async () => {
    const { fake, client } = await world({
      fake: { recordsPlan: { caseGroups: ['06.01.01'], documentTypes: ['Liite'] } },
    });
    fake.script('createCase', { type: 'status', status: 500 });
    expect(await client.file(deviation())).toMatchObject({
      status: 'retry',
      code: 'tweb.serverError',
      params: { status: 500 },
    });
    expect(await client.file(deviation())).toMatchObject({
      status: 'permanent',
      code: 'tweb.rejected',
      params: { reference: '422 unknownCaseGroup (caseGroup)' },
    });
    fake.script('createCase', { type: 'status', status: 400, error: 'invalidRequest' });
    expect(await client.file(deviation())).toMatchObject({
      status: 'permanent',
      code: 'tweb.rejected',
      params: { reference: '400 invalidRequest' },
    });
    fake.script('createCase', { type: 'status', status: 403, error: 'forbidden' });
    expect(await client.file(deviation())).toMatchObject({ status: 'permanent', code: 'tweb.forbidden' });
    fake.script('addDocument', { type: 'status', status: 413, error: 'tooLarge' });
    expect(await client.file(monthlyBasis())).toMatchObject({ status: 'permanent', code: 'tweb.tooLarge' });
    expect(newCases(fake)).toEqual([]);
  });

  it('refuses for good a document for a contract case TWeb does not have, naming the case', async () => {
    const { fake, client } = await world({
      settings: { providers: { [PROVIDER]: { contractCaseId: 'TWEB-1999-000001' } } },
    });
    const r = await client.file(monthlyBasis());
    expect(r).toMatchObject({
      status: 'permanent',
      code: 'tweb.caseNotFound',
      params: { caseId: 'TWEB-1999-000001' },
    });
    expect(fake.documents).toEqual([]);
  });

  it('pauses on a 404 that is not a missing case, and on a status the interface has no word for', async () => {
    const { fake, client } = await world();
    fake.script('createCase', { type: 'status', status: 404, error: 'notFound' });
    expect(await client.file(deviation())).toMatchObject({
      status: 'pause',
      code: 'tweb.endpointMissing',
      params: { status: 404 },
    });
    fake.script('createCase', { type: 'status', status: 302 });
    expect(await client.file(deviation())).toMatchObject({
      status: 'pause',
      code: 'tweb.endpointMissing',
      params: { status: 302 },
    });
  });

  it('retries an answer it cannot read, and the rerun gets the case TWeb made under the key', async () => {
    const { fake, client } = await world();
    fake.script('createCase', { type: 'garbled' });
    const tx = deviation();
    expect(await client.file(tx)).toMatchObject({
      status: 'retry',
      code: 'tweb.unexpectedAnswer',
      params: { status: 201 },
    });
    const r = await client.file(tx);
    expect(r.status).toBe('sent');
    expect(newCases(fake)).toHaveLength(1);
    expect(r.progress.caseId).toBe(newCases(fake)[0]!.id);
  });

  it('pauses when TLS fails (no trust in the certificate) and before sending to an http:// URL', async () => {
    const { fake } = await world();
    const untrusted = createTwebClient({ ...settingsFor(fake), ca: undefined });
    expect(await untrusted.file(deviation())).toMatchObject({ status: 'pause', code: 'tweb.tlsFailed' });

    const plain = await startTwebFake({ protocol: 'http' });
    try {
      const s = settingsFor(plain);
      expect(await createTwebClient(s).file(deviation())).toMatchObject({
        status: 'pause',
        code: 'tweb.insecureUrl',
      });
      const keyed = createTwebClient({
        ...s,
        auth: { type: 'apiKey', header: 'X-API-Key', key: plain.apiKey.key },
      });
      expect(await keyed.file(deviation())).toMatchObject({ status: 'pause', code: 'tweb.insecureUrl' });
      expect(plain.requests).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('retries when TWeb cannot be reached at all', async () => {
    const { fake } = await world({ fake: { auth: { type: 'apiKey' } } });
    const client = createTwebClient(settingsFor(fake, { auth: { type: 'apiKey', key: fake.apiKey.key } }));
    await fake.close();
    expect(await client.file(deviation())).toMatchObject({ status: 'retry', code: 'tweb.connectionFailed' });
  });
});

describe('TWeb: a rerun continues where it stopped', () => {
  it('makes no second case when the case was made and the document upload failed', async () => {
    const { fake, client } = await world();
    const tx = deviation();
    fake.script('addDocument', { type: 'status', status: 500 });
    const first = await client.file(tx);
    expect(first).toMatchObject({ status: 'retry', code: 'tweb.serverError' });
    expect(first.progress.caseId).toBe(newCases(fake)[0]!.id);

    const again = await client.file(tx);
    expect(again.status).toBe('sent');
    expect(newCases(fake)).toHaveLength(1);
    expect(again.progress.caseId).toBe(first.progress.caseId);
    expect(fake.documents).toHaveLength(3);
    expect(fake.assignments).toHaveLength(1);
    expect(fake.requests.filter((q) => q.route === 'createCase').map((q) => q.status)).toEqual([201, 409]);
  });

  it('makes no second document when the second attachment failed, and no second assignment after it', async () => {
    const { fake, client } = await world();
    const tx = deviation();
    fake.script('addDocument', { type: 'normal' }, { type: 'normal' }, { type: 'status', status: 502 });
    expect((await client.file(tx)).status).toBe('retry');
    expect(fake.documents).toHaveLength(2);
    expect((await client.file(tx)).status).toBe('sent');
    expect((await client.file(tx)).status).toBe('sent'); // a third run by mistake changes nothing
    expect(newCases(fake)).toHaveLength(1);
    expect(fake.documents.map((d) => d.key)).toEqual([0, 1, 2].map((n) => `caredock-${tx.id}-doc-${n}`));
    expect(fake.assignments).toHaveLength(1);
  });

  it('refuses for good a transaction id reused for other content, and the stub flags it', async () => {
    const { fake, client } = await world();
    expectViolations(fake);
    const tx = monthlyBasis();
    expect((await client.file(tx)).status).toBe('sent');
    const changed = await client.file({
      ...tx,
      document: { name: tx.document.name, content: pdfBytes('another month') },
    });
    expect(changed).toMatchObject({ status: 'permanent', code: 'tweb.keyReused' });
    expect(fake.documents).toHaveLength(1);
    expect(fake.violations.map((v) => v.error)).toEqual([
      `Idempotency-Key caredock-${tx.id}-doc-0 reused with another body`,
    ]);
  });
});

describe('TWeb: an unknown outcome is resolved by looking the keys up', () => {
  it('a slow answer to the create is unknown; the look-up finds the case, and filing goes on from there', async () => {
    const { fake, client } = await world({ settings: { timeoutMs: 300 } });
    const tx = deviation();
    fake.script('createCase', { type: 'slow', ms: 1500 });
    const first = await client.file(tx);
    expect(first).toMatchObject({ status: 'unknown', code: 'tweb.outcomeUnknown' });
    expect(newCases(fake)).toHaveLength(1);

    const found = await client.resolve(tx);
    expect(found).toMatchObject({
      status: 'not-sent',
      progress: { caseId: newCases(fake)[0]!.id, documentIds: [] },
    });
    expect((await client.file(tx)).status).toBe('sent');
    expect(newCases(fake)).toHaveLength(1);
    expect(fake.documents).toHaveLength(3);
  });

  it('a connection dropped after the last step: the look-up finds every step, and nothing is sent again', async () => {
    const { fake, client } = await world();
    const tx = deviation();
    fake.script('createAssignment', { type: 'drop' });
    expect(await client.file(tx)).toMatchObject({ status: 'unknown', code: 'tweb.outcomeUnknown' });
    const posts = fake.requests.filter((q) => q.method === 'POST').length;

    const r = await client.resolve(tx);
    expect(r).toEqual({
      status: 'sent',
      ref: newCases(fake)[0]!.id,
      progress: {
        caseId: newCases(fake)[0]!.id,
        caseNumber: newCases(fake)[0]!.caseNumber,
        documentIds: fake.documents.map((d) => d.id),
        assignmentId: fake.assignments[0]!.id,
      },
    });
    expect(fake.requests.filter((q) => q.method === 'POST')).toHaveLength(posts);
    expect(fake.requests.filter((q) => q.route === 'lookup').map((q) => q.status)).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(fake.assignments).toHaveLength(1);
  });

  it('a connection dropped before TWeb acted: the look-up finds nothing, and the rerun files it once', async () => {
    const { fake, client } = await world();
    const tx = notice();
    fake.script('createAssignment', { type: 'dropBeforeActing' });
    expect(await client.file(tx)).toMatchObject({ status: 'unknown', code: 'tweb.outcomeUnknown' });
    expect(await client.resolve(tx)).toMatchObject({ status: 'not-sent', progress: { assignmentId: null } });
    expect((await client.file(tx)).status).toBe('sent');
    expect(fake.assignments).toHaveLength(1);
  });

  it('a step still in progress is not resent blindly: 409 inProgress is a retry, then the earlier result', async () => {
    const { fake, client } = await world({ settings: { timeoutMs: 300 } });
    const tx = notice();
    fake.script('createAssignment', { type: 'hold', ms: 900 });
    expect((await client.file(tx)).status).toBe('unknown');
    expect(await client.resolve(tx)).toMatchObject({ status: 'not-sent' });
    expect(await client.file(tx)).toMatchObject({ status: 'retry', code: 'tweb.inProgress' });
    await expect.poll(() => fake.assignments.length, { timeout: 3000 }).toBe(1);
    const r = await client.file(tx);
    expect(r).toMatchObject({ status: 'sent', ref: fake.assignments[0]!.id });
    expect(fake.assignments).toHaveLength(1);
  });

  it('stays unknown when the look-up itself cannot be made, so the queue parks it', async () => {
    const { fake, client } = await world({ settings: { timeoutMs: 300 } });
    const tx = monthlyBasis();
    fake.script('addDocument', { type: 'slow', ms: 1000 });
    expect((await client.file(tx)).status).toBe('unknown');
    fake.script('lookup', { type: 'slow', ms: 1000 });
    expect(await client.resolve(tx)).toMatchObject({ status: 'unknown', code: 'tweb.outcomeUnknown' });
    expect(await client.lookup(`caredock-${tx.id}-doc-0`)).toMatchObject({ status: 'found' });
    fake.script('lookup', { type: 'slow', ms: 1000 });
    expect(await client.lookup(`caredock-${tx.id}-doc-0`)).toMatchObject({
      status: 'retry',
      code: 'tweb.timeout',
    });
  });
});

describe('TWeb: refused before anything is sent', () => {
  it('refuses a transaction document that is not a PDF, a file that is not its type, one too large, and no contract case', async () => {
    const { fake, client } = await world({ settings: { maxDocumentBytes: 60 } });
    expect(
      await client.file(deviation({ document: { name: 'not.pdf', content: jpegBytes() } })),
    ).toMatchObject({
      status: 'permanent',
      code: 'tweb.fileInvalid',
      params: { name: 'not.pdf' },
    });
    expect(
      await client.file(
        deviation({ attachments: [{ name: 'kuva.png', mediaType: 'image/png', content: jpegBytes() }] }),
      ),
    ).toMatchObject({ status: 'permanent', code: 'tweb.fileInvalid', params: { name: 'kuva.png' } });
    expect(
      await client.file(deviation({ document: { name: 'big.pdf', content: pdfBytes('x'.repeat(100)) } })),
    ).toMatchObject({
      status: 'permanent',
      code: 'tweb.documentTooLarge',
      params: { name: 'big.pdf' },
    });
    expect(await client.file(monthlyBasis({ providerId: 'another-provider' }))).toMatchObject({
      status: 'permanent',
      code: 'tweb.noContractCase',
      params: { provider: 'Hoivapalvelu Oy' },
    });
    expect(await client.file({ ...deviation(), id: 'x' })).toMatchObject({
      status: 'permanent',
      code: 'tweb.invalidTransaction',
      params: { field: 'id' },
    });
    expect(fake.requests).toEqual([]);
  });
});

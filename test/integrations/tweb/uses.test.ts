// The seed's three uses against the stub TWeb, each call checked against docs/integrations/tweb.md:
// a deviation as a new case with its PDF and each attachment as a document and an assignment to a
// group; the attested month as a document in the provider's contract case; a notice as an
// assignment alone, its files carried in it. No request carries a publicity class or retention.
import { describe, expect, it } from 'vitest';
import { sectionedPdf } from '../../../src/shared/pdf/index.ts';
import { CONTRACT_CASE, deviation, monthlyBasis, notice, world } from './world.ts';

const RECORDS_FIELDS = /julkisuus|publicity|retention|säilytys|secrecy|salassa|personal/i;

describe('TWeb: the three uses', () => {
  it('files a deviation as a new case: the PDF, each attachment its own document, then an assignment', async () => {
    const { fake, client } = await world();
    const tx = deviation();
    const r = await client.file(tx);

    expect(r.status).toBe('sent');
    expect(fake.cases).toHaveLength(2); // the seeded contract case and the new one
    const made = fake.cases[1]!;
    expect(r).toMatchObject({
      ref: made.id,
      progress: { caseId: made.id, caseNumber: made.caseNumber, documentIds: ['doc-2', 'doc-3', 'doc-4'] },
    });
    expect(made.request).toEqual({
      title:
        'Poikkeamailmoitus: Käynti jäi toteutumatta / Avvikelserapport: Besök blev inte av — Hoivapalvelu Oy',
      caseGroup: '06.01.02',
      language: 'fi',
      initiator: { name: 'Hoivapalvelu Oy', businessId: '1234567-8' },
      receivedAt: '2026-03-04T09:15:00Z',
      externalId: `caredock:${tx.id}`,
    });
    expect(made.key).toBe(`caredock-${tx.id}-case`);

    expect(
      fake.documents.map((d) => [d.caseId, d.request.title, d.request.documentType, d.file.mediaType]),
    ).toEqual([
      [
        made.id,
        'Poikkeamailmoitus: Käynti jäi toteutumatta / Avvikelserapport: Besök blev inte av',
        'Poikkeamailmoitus',
        'application/pdf',
      ],
      [made.id, 'Liite / Bilaga 1: kuva.jpg', 'Liite', 'image/jpeg'],
      [made.id, 'Liite / Bilaga 2: kaavio.png', 'Liite', 'image/png'],
    ]);
    // The bytes TWeb stores are the bytes CareDock was given.
    expect(fake.documents[0]!.file.bytes.equals(Buffer.from(tx.document.content))).toBe(true);
    expect(fake.documents[0]!.file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fake.documents[0]!.request).toMatchObject({
      author: { name: 'Hoivapalvelu Oy', businessId: '1234567-8' },
      createdAt: '2026-03-04T09:15:00Z',
      externalId: `caredock:${tx.id}:0`,
    });

    expect(fake.assignments).toHaveLength(1);
    expect(fake.assignments[0]!.request).toEqual({
      title: made.request!.title,
      language: 'fi',
      sender: { name: 'Hoivapalvelu Oy', businessId: '1234567-8' },
      caseId: made.id,
      documentIds: ['doc-2', 'doc-3', 'doc-4'],
      assignees: { users: [], groups: ['vanhuspalvelut-valvonta'] },
      // 4 March in Helsinki plus 14 days.
      dueDate: '2026-03-18',
      externalId: `caredock:${tx.id}:assignment`,
    });
    expect(r.progress.assignmentId).toBe(fake.assignments[0]!.id);
    expect(fake.requests.map((q) => `${q.route} ${q.status}`)).toEqual([
      'token 200',
      'createCase 201',
      'addDocument 201',
      'addDocument 201',
      'addDocument 201',
      'createAssignment 201',
    ]);
  });

  it('adds the attested month to the provider’s contract case, with no case made and no assignment', async () => {
    const { fake, client } = await world();
    const r = await client.file(monthlyBasis());
    expect(r).toMatchObject({
      status: 'sent',
      ref: CONTRACT_CASE,
      progress: { caseId: CONTRACT_CASE, caseNumber: null },
    });
    expect(fake.cases).toHaveLength(1);
    expect(fake.assignments).toEqual([]);
    expect(fake.documents).toHaveLength(1);
    expect(fake.documents[0]).toMatchObject({
      caseId: CONTRACT_CASE,
      request: {
        title: 'Hyväksytty kuukausiperuste 2026-02 / Attesterat månadsunderlag 2026-02',
        documentType: 'Kuukausiperuste',
        createdAt: '2026-03-01T10:00:00+02:00',
      },
    });
  });

  it('adds to an existing case and then assigns it, when the settings ask for an assignment', async () => {
    const { fake, client } = await world({
      settings: {
        kinds: {
          deviation: {
            use: 'existingCase',
            documentType: 'Poikkeamailmoitus',
            attachmentDocumentType: 'Liite',
            assign: { users: ['liisa.virtanen'] },
          },
          notice: { use: 'assignment', assign: { users: ['matti.meikalainen'] } },
          monthlyBasis: {
            use: 'existingCase',
            documentType: 'Kuukausiperuste',
            attachmentDocumentType: 'Liite',
          },
        },
      },
    });
    const r = await client.file(deviation());
    expect(r.status).toBe('sent');
    expect(fake.cases).toHaveLength(1);
    expect(fake.documents.map((d) => d.caseId)).toEqual([CONTRACT_CASE, CONTRACT_CASE, CONTRACT_CASE]);
    expect(fake.assignments[0]!.request).toMatchObject({
      caseId: CONTRACT_CASE,
      documentIds: fake.documents.map((d) => d.id),
      assignees: { users: ['liisa.virtanen'], groups: [] },
    });
    expect(fake.assignments[0]!.request).not.toHaveProperty('dueDate');
  });

  it('sends a notice as an assignment alone, its PDF and attachment in it, linked to no case', async () => {
    const { fake, client } = await world();
    const tx = notice();
    const r = await client.file(tx);
    expect(r).toMatchObject({
      status: 'sent',
      ref: 'asg-1',
      progress: { caseId: null, documentIds: [], assignmentId: 'asg-1' },
    });
    expect(fake.cases).toHaveLength(1);
    expect(fake.documents).toEqual([]);
    expect(fake.assignments).toHaveLength(1);
    const a = fake.assignments[0]!;
    expect(a.request).not.toHaveProperty('caseId');
    expect(a.request).toMatchObject({
      title: 'Ilmoitus / Anmälan — Hoivapalvelu Oy',
      assignees: { users: ['matti.meikalainen'] },
    });
    expect(a.files.map((f) => [f.name, f.mediaType, f.bytes.subarray(0, 5).toString()])).toEqual([
      ['ilmoitus.pdf', 'application/pdf', '%PDF-'],
      ['liite.pdf', 'application/pdf', '%PDF-'],
    ]);
  });

  it('files a real PDF/A made by the shared PDF module, in Swedish when the municipality says so', async () => {
    const { fake, client } = await world({
      settings: { language: 'sv' },
      fake: { recordsPlan: { caseGroups: ['06.01.02'], documentTypes: ['Poikkeamailmoitus', 'Liite'] } },
    });
    const content = await sectionedPdf(
      {
        title: 'Poikkeamailmoitus / Avvikelserapport',
        author: 'Hoivapalvelu Oy',
        language: 'fi',
        createdAt: new Date('2026-03-04T09:15:00Z'),
      },
      'Hoivapalvelu Oy → Kunta',
      [{ title: 'Kuvaus / Beskrivning', lines: ['Käynti jäi toteutumatta. Åäö.'] }],
    );
    const r = await client.file(deviation({ document: { name: 'poikkeama.pdf', content }, attachments: [] }));
    expect(r.status).toBe('sent');
    expect(fake.cases[1]!.request).toMatchObject({ language: 'sv' });
    expect(fake.documents[0]!.file.bytes.equals(Buffer.from(content))).toBe(true);
  });

  it('sends no publicity class, retention or care recipient in any request: those are the records plan’s', async () => {
    const { fake, client } = await world();
    await client.file(deviation());
    await client.file(monthlyBasis());
    await client.file(notice());
    const fields = (v: unknown, at = ''): string[] =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? Object.entries(v).flatMap(([k, x]) => [`${at}${k}`, ...fields(x, `${at}${k}.`)])
        : Array.isArray(v)
          ? v.flatMap((x) => fields(x, at))
          : [];
    const sent = [
      ...fake.cases.flatMap((c) => fields(c.request)),
      ...fake.documents.flatMap((d) => fields(d.request)),
      ...fake.assignments.flatMap((a) => fields(a.request)),
    ];
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.filter((f) => RECORDS_FIELDS.test(f) || /recipient|asiakas|brukare/i.test(f))).toEqual([]);
  });
});

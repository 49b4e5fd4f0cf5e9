// The figures an attest keeps: those the office saw when it attested, read back as they were
// stored, and sent up to the municipality on a wire that takes them only whole and exact.
import { describe, expect, it } from 'vitest';
import { AttestationData } from '../../src/main/attestations/data.ts';
import { figures, readFigures, type Figures } from '../../src/main/attestations/snapshot.ts';
import { OutboxQueue } from '../../src/main/sync/outbox.ts';
import { SyncData } from '../../src/main/sync/data.ts';
import { attestationItemSchema } from '../../src/shared/sync/pushItems.ts';
import { ok } from '../helpers/core.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();

const sample: Figures = {
  rows: [
    {
      recipientId: 'r-1',
      serviceCode: 'PO',
      serviceName: 'Personlig omvårdnad',
      grantedMinutes: 600,
      plannedMinutes: 480,
      performedMinutes: 45,
      deviations: 1,
    },
  ],
  weeks: [{ week: '2026-W20', plannedMinutes: 480, performedMinutes: 45 }],
};

describe('the attest’s snapshot', () => {
  it('holds the figures the office saw when it attested, and goes up to the municipality with them and its note', async () => {
    const sqlite = office.t.core.database.sqlite;
    day(sqlite);
    const seen = await ok(office.admin, 'billing.basis', { month: '2026-05' });
    const made = await ok(office.admin, 'attestations.create', {
      month: '2026-05',
      acceptProblems: { unmatched: 1, unknownStaff: 0, unknownTag: 0 },
      note: 'Maj, kontrollerad mot planeringen',
    });

    const stored = readFigures(new AttestationData(sqlite).get(made.id)!.snapshot);
    expect(stored).not.toBeNull();
    const asSeen = seen.rows.map(({ recipient, ...r }) => ({ recipientId: recipient.id, ...r }));
    expect(stored!.rows).toEqual(expect.arrayContaining(asSeen));
    expect(stored!.rows).toHaveLength(asSeen.length);
    expect(stored!.weeks).toEqual(seen.weeks);
    expect(stored!.rows.some((r) => r.performedMinutes > 0)).toBe(true);

    const data = new SyncData(sqlite);
    const queue = new OutboxQueue(
      data.outbox,
      {
        registrations: () => [],
        corrections: () => [],
        attestations: (ids) => new AttestationData(sqlite).forPush(ids),
        planEdits: () => [],
        deviationReports: () => [],
      },
      data,
    );
    const batch = queue.nextBatch(0, new Date());
    const items = (JSON.parse(batch!.body) as { items: { type: string }[] }).items;
    const attestation = items.find((i) => i.type === 'attestation');
    // The wire takes it as it is: strict, with the figures the office saw.
    const onWire = attestationItemSchema.parse(attestation);
    expect(onWire.figures).toEqual(stored);
    expect(onWire).toMatchObject({ id: made.id, version: 1, note: 'Maj, kontrollerad mot planeringen' });
  });

  it('an attest made before snapshots, or a snapshot that is not figures, has no figures to show', () => {
    expect(readFigures(null)).toBeNull();
    expect(readFigures(JSON.stringify({ rows: 'all of them' }))).toBeNull();
    expect(
      readFigures(
        JSON.stringify({
          ...sample,
          weeks: [{ week: '2026-W20', plannedMinutes: 1.5, performedMinutes: 0 }],
        }),
      ),
    ).toBeNull();
    expect(readFigures(JSON.stringify(sample))).toEqual(sample);
  });

  it('is read back leniently when stored with a field a later version added, but goes on the wire only exact', () => {
    const later = { ...sample, rows: [{ ...sample.rows[0]!, travelMinutes: 12 }], total: 2 };
    expect(readFigures(JSON.stringify(later))).toEqual(sample);
    expect(figures.safeParse(later).success).toBe(true);

    const item = {
      type: 'attestation',
      id: '0190a3c2-7b1e-7d4f-8a6b-3f2e1d0c9b8a',
      periodStart: '2026-05-01',
      periodEnd: '2026-05-31',
      attestedAt: '2026-06-01T08:00:00.000Z',
      attestedBy: 'anna',
      registrationCount: 5,
      version: 1,
    };
    expect(attestationItemSchema.safeParse({ ...item, figures: sample }).success).toBe(true);
    expect(attestationItemSchema.safeParse({ ...item, figures: later }).success).toBe(false);
    expect(
      attestationItemSchema.safeParse({ ...item, figures: { ...sample, rows: later.rows } }).success,
    ).toBe(false);
    expect(
      attestationItemSchema.safeParse({
        ...item,
        figures: { ...sample, weeks: [{ ...sample.weeks[0]!, note: 'x' }] },
      }).success,
    ).toBe(false);
    expect(
      attestationItemSchema.safeParse({
        ...item,
        figures: { ...sample, rows: [{ ...sample.rows[0]!, performedMinutes: 44.5 }] },
      }).success,
    ).toBe(false);
  });
});

// Avvikelser → Rapportera till kommunen: a report checked against its visit, stored as the push
// item it goes up as, queued in the outbox and audited in one transaction.
import { describe, expect, it } from 'vitest';
import { failure, ok } from '../helpers/core.ts';
import { useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();
const visit = {
  recipientId: 'r-1',
  orderId: 'o-1',
  staffIds: ['s-anna'],
  date: '2026-05-12',
  start: '08:00',
  end: '08:45',
  tasks: ['PO'],
};

describe('deviation reports', () => {
  it('files a missed visit with the visit’s recipient and start, queued for the server and audited', async () => {
    const plan = await ok(office.admin, 'plans.save', visit);
    const r = await ok(office.admin, 'reports.file', {
      kind: 'missed',
      planId: plan.id,
      text: 'Brukaren öppnade inte; anhörig kontaktad.',
      attachments: [{ name: 'anteckning.pdf', mediaType: 'application/pdf', data: Buffer.from('%PDF-1.7\n').toString('base64') }],
    });
    expect(r).toMatchObject({
      kind: 'missed',
      recipientId: 'r-1',
      visitStart: plan.start,
      minutes: null,
      attachments: [{ name: 'anteckning.pdf', mediaType: 'application/pdf' }],
      sent: false,
    });
    const sqlite = office.t.core.database.sqlite;
    const queued = sqlite.prepare(`select kind, item_id as id from outbox where kind = 'deviationReport'`).all();
    expect(queued).toEqual([{ kind: 'deviationReport', id: r.id }]);
    const audited = sqlite.prepare(`select action, subject from audit_log where action = 'reports.file'`).all();
    expect(audited).toEqual([{ action: 'reports.file', subject: r.id }]);
    expect((await ok(office.admin, 'reports.list', {})).map((x) => x.id)).toEqual([r.id]);
  });

  it('files a notice without a visit, and a late visit with its minutes', async () => {
    const notice = await ok(office.admin, 'reports.file', { kind: 'notice', text: 'Nyckelskåpet vid Storgatan 1 är trasigt.' });
    expect(notice).toMatchObject({ kind: 'notice', recipientId: null, visitStart: null });
    const plan = await ok(office.admin, 'plans.save', visit);
    const late = await ok(office.admin, 'reports.file', { kind: 'late', planId: plan.id, minutes: 40, text: 'Bilen gick sönder.' });
    expect(late.minutes).toBe(40);
    expect((await ok(office.admin, 'reports.list', {})).map((x) => x.id)).toEqual([late.id, notice.id]);
  });

  it('refuses a report about no visit, a late one without minutes, and a visit that does not exist', async () => {
    expect(await failure(office.admin, 'reports.file', { kind: 'missed', text: 'x' })).toBe('workflow.reportNeedsVisit');
    const plan = await ok(office.admin, 'plans.save', visit);
    expect(await failure(office.admin, 'reports.file', { kind: 'short', planId: plan.id, text: 'x' })).toBe(
      'workflow.reportNeedsMinutes',
    );
    expect(
      await failure(office.admin, 'reports.file', {
        kind: 'missed',
        planId: '00000000-0000-4000-8000-000000000000',
        text: 'x',
      }),
    ).toBe('workflow.notFound');
    expect(office.t.core.database.sqlite.prepare(`select count(*) as n from deviation_reports`).get()).toEqual({ n: 0 });
  });
});

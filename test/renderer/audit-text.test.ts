// The audit view reads as sentences: every action and detail key has a name in each language,
// ids show as names (masked where the reader must not see them), instants as local time.
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/api/index.ts';
import { auditActions, auditDetailKeys } from '../../src/shared/domain/audit.ts';
import { languages } from '../../src/shared/errors/index.ts';

const text = await import('../../src/renderer/lib/audit-text.ts');

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2026-12-01T08:15:00.000Z',
  actor: 'anna',
  action: 'plans.update',
  subject: '0193a1f0-1234-7abc-8def-0123456789ab',
  details: {},
  names: {},
  ...over,
});
const options = (lang: (typeof languages)[number]) => ({ lang, dateTime: (iso: string) => `<${iso}>` });

describe('audit entries as text', () => {
  it('names every action and every detail key in every language, never as its code', () => {
    for (const lang of languages) {
      for (const action of auditActions) expect(text.auditActionText(action, lang)).not.toBe(action);
      for (const key of auditDetailKeys) {
        const line = text.auditDetailsText(entry({ details: { [key]: 1 } }), options(lang));
        expect(line.startsWith(`${key}:`), `${lang} ${key}`).toBe(false);
        expect(line.split(':')[0]!.trim().length).toBeGreaterThan(0);
      }
    }
  });

  it('shows names for ids, masks a protected identity, and local time for instants', () => {
    const e = entry({
      details: { recipientId: 'r-2', staffId: 's-1', start: '2026-12-01T08:15:00.000Z', masked: true },
      names: { 'r-2': { name: '', masked: true }, 's-1': { name: 'Sara Nilsson', masked: false } },
    });
    expect(text.auditDetailsText(e, options('sv'))).toBe(
      'Brukare: Skyddad identitet; Personal: Sara Nilsson; Start: <2026-12-01T08:15:00.000Z>; Skyddad identitet: ja',
    );
    expect(text.auditSubjectText(e, options('sv'))).toBe('');
    expect(
      text.auditSubjectText(
        entry({ action: 'recipients.open', subject: 'r-2', names: e.names }),
        options('fi'),
      ),
    ).toBe('Turvakielto');
    expect(text.auditDetailsText(entry({ details: { somethingNew: 'x' } }), options('en'))).toBe('Detail: x');
  });
});

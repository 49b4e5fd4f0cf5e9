import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLogger } from '../../src/main/log/logger.ts';
import { REDACTED, redactText, redactValue } from '../../src/main/log/redact.ts';
import { tempDir } from '../helpers/core.ts';

describe('log redaction', () => {
  it('hides personnummer, samordningsnummer, henkilötunnus and tokens in text', () => {
    expect(redactText('kund 19121212-1212 ringde')).toBe(`kund ${REDACTED} ringde`);
    expect(redactText('121212-1212 och 191212121212 och 701063-2391')).not.toMatch(/\d{6}/);
    expect(redactText('hetu 131052-308T')).toBe(`hetu ${REDACTED}`);
    expect(redactText('GET /?token=abc123&x=1')).toBe(`GET /?token=${REDACTED}&x=1`);
    expect(redactText('Authorization: Bearer eyJhbGciOi.x.y')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactText('batch 42 of 2000 records')).toBe('batch 42 of 2000 records');
  });

  it('hides secrets by key at any depth', () => {
    const out = redactValue({
      user: 'anna',
      password: 'p',
      nested: { doorCode: '1234', portkod: '9', list: [{ token: 't' }] },
    });
    expect(out).toEqual({
      user: 'anna',
      password: REDACTED,
      nested: { doorCode: REDACTED, portkod: REDACTED, list: [{ token: REDACTED }] },
    });
  });

  it('never writes them to the log file', async () => {
    const dir = tempDir();
    const { logger, close } = await openLogger({ dir, level: 'info', alsoStdout: false });
    logger.info(
      { password: 'hunter2-secret', recipient: { personnummer: '19121212-1212' } },
      'login for 19121212-1212 with token=x',
    );
    logger.info('door code is %s', 'irrelevant');
    logger.error({ err: new Error('failed for 19121212-1212') }, 'boom');
    await close();
    const text = readdirSync(dir)
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    expect(text).toContain('login for');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('19121212-1212');
  });
});

// Notices: at most four stack, and a success clears the error of the attempt before it.
import { describe, expect, it } from 'vitest';

const n = await import('../../src/renderer/lib/notices.svelte.ts');

describe('notices', () => {
  it('caps the stack and drops a stale error on success', () => {
    n.clearNotices();
    n.notifyError('attest.locked', { month: '2026-05' });
    n.notifyUi('warning', 'board.services');
    n.notifyUi('success', 'regs.corrected');
    expect(n.notices.list.map((x) => x.level)).toEqual(['warning', 'success']);
    for (let i = 0; i < 6; i++) n.notifyError(`code.${i}`);
    expect(n.notices.list).toHaveLength(4);
    n.clearNotices();
    expect(n.notices.list).toEqual([]);
  });
});

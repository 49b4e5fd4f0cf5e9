import { describe, expect, it } from 'vitest';
import { traySummary } from '../../src/main/docking/tray-summary.ts';
import type { DockView, SlotView } from '../../src/shared/api/index.ts';

const slot = (over: Partial<SlotView>): SlotView => ({
  slot: 1,
  state: 'done',
  penSerial: 'P1',
  staffName: null,
  batteryPercent: 80,
  done: 0,
  total: 0,
  result: null,
  notices: [],
  error: null,
  startedAt: '2026-11-21T10:00:00.000Z',
  finishedAt: null,
  ...over,
});
const dock = (slots: SlotView[], error: DockView['error'] = null): DockView => ({
  id: 'd',
  label: 'd',
  kind: 'usb',
  connected: true,
  slotCount: 4,
  slots,
  error,
});

describe('tray summary', () => {
  it('says what the docks do', () => {
    expect(traySummary({ docks: [] })).toBe('CareDock: ingen docka ansluten');
    expect(traySummary({ docks: [dock([])] })).toBe('CareDock: en docka redo');
    expect(traySummary({ docks: [dock([slot({ state: 'reading', done: 812, total: 2000 })])] })).toBe(
      'CareDock: läser en penna (812/2000)',
    );
    expect(
      traySummary({ docks: [dock([], { code: 'device.portBusy', params: {} })] }, 'synk: 3 väntar'),
    ).toBe('CareDock: en docka redo · 1 fel — öppna CareDock · synk: 3 väntar');
  });
});

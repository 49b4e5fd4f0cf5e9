import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchSerialPort, matchUsbDevice, PEN_MODELS, penModelStatus } from '../../drivers/index.ts';

describe('device manifest', () => {
  it('maps a supported USB dock to the pen-dock driver', () => {
    expect(matchUsbDevice({ vendorId: 0x1209, productId: 0xcd01 })).toMatchObject({
      kind: 'supported',
      driver: 'pen-dock-v1',
      transport: 'usb',
    });
  });

  it('ignores unknown USB devices quietly', () => {
    expect(matchUsbDevice({ vendorId: 0x046d, productId: 0xc52b })).toEqual({ kind: 'ignored' });
  });

  it('gives known-but-unsupported devices a code and a reason', () => {
    const match = matchUsbDevice({ vendorId: 0x1209, productId: 0xcd00 });
    expect(match).toMatchObject({ kind: 'unsupported', code: 'device.unsupportedDock' });
    expect(match.kind === 'unsupported' && match.reason).toMatch(/firmware/);
  });

  it('needs both the bridge ids and a text hint for serial ports', () => {
    expect(
      matchSerialPort({
        path: '/dev/ttyUSB0',
        vendorId: '0403',
        productId: '6001',
        manufacturer: 'CareDock AB',
      }),
    ).toMatchObject({
      kind: 'supported',
      driver: 'pen-dock-v1',
      baudRate: 115200,
    });
    expect(
      matchSerialPort({ path: '/dev/ttyUSB1', vendorId: '0403', productId: '6001', manufacturer: 'FTDI' }),
    ).toEqual({ kind: 'ignored' });
    expect(
      matchSerialPort({
        path: 'COM4',
        vendorId: '10C4',
        productId: 'EA60',
        pnpId: 'USB\\VID_10C4&PID_EA60\\RFID-125K',
      }),
    ).toMatchObject({
      driver: 'em4100',
      baudRate: 9600,
    });
    expect(matchSerialPort({ path: '/dev/ttyS0' })).toEqual({ kind: 'ignored' });
    expect(
      matchSerialPort({
        path: '/dev/ttyUSB2',
        vendorId: '0403',
        productId: '6015',
        manufacturer: 'CareDock',
      }),
    ).toMatchObject({
      kind: 'unsupported',
      code: 'device.unsupportedDock',
    });
  });

  it('reads every pen model but the refused ones; a model it does not know is unfamiliar', () => {
    expect(penModelStatus('CDP-100')).toBe('known');
    expect(penModelStatus('CDP-050')).toBe('refused');
    expect(penModelStatus('XYZ-9')).toBe('unfamiliar');
  });

  it('refuses exactly the models the spec lists', () => {
    const spec = readFileSync(new URL('../../docs/protocol/pen-dock-v1.md', import.meta.url), 'utf8');
    const [, block = ''] = spec.split('refused-models');
    const listed = [...block.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]);
    expect(listed).toEqual(PEN_MODELS.filter((m) => m.status === 'refused').map((m) => m.model));
    expect(listed.length).toBeGreaterThan(0);
  });
});

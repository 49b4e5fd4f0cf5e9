import { describe, expect, it } from 'vitest';
import { isSupportedPenModel, matchSerialPort, matchUsbDevice } from '../../drivers/index.ts';

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
    expect(match).toMatchObject({ kind: 'unsupported', code: 'device.unknownModel' });
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
      code: 'device.unknownModel',
    });
  });

  it('knows which pen models are supported', () => {
    expect(isSupportedPenModel('CDP-100')).toBe(true);
    expect(isSupportedPenModel('CDP-050')).toBe(false);
    expect(isSupportedPenModel('XYZ')).toBe(false);
  });
});

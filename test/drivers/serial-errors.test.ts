import { describe, expect, it } from 'vitest';
import { mapSerialOpenError } from '../../drivers/index.ts';

describe('serial open errors', () => {
  it('maps "port held by another program" on each OS', () => {
    expect(
      mapSerialOpenError(
        new Error('Error: Resource temporarily unavailable Cannot lock port'),
        '/dev/ttyUSB0',
        'linux',
      ).code,
    ).toBe('device.portBusy');
    expect(
      mapSerialOpenError(Object.assign(new Error('busy'), { code: 'EBUSY' }), '/dev/ttyUSB0', 'linux').code,
    ).toBe('device.portBusy');
    expect(mapSerialOpenError(new Error('Opening COM3: Access denied'), 'COM3', 'win32').code).toBe(
      'device.portBusy',
    );
  });

  it('maps EACCES on Linux to a permission problem, not a busy port', () => {
    const error = mapSerialOpenError(
      new Error('Error: Permission denied, cannot open /dev/ttyUSB0'),
      '/dev/ttyUSB0',
      'linux',
    );
    expect(error.code).toBe('device.permissionDenied');
    expect(error.detail).toMatchObject({ path: '/dev/ttyUSB0' });
  });

  it('maps a missing port and keeps the cause', () => {
    const cause = new Error('Error: No such file or directory, cannot open /dev/ttyUSB9');
    const error = mapSerialOpenError(cause, '/dev/ttyUSB9', 'linux');
    expect(error.code).toBe('device.notFound');
    expect(error.cause).toBe(cause);
    expect(mapSerialOpenError(new Error('something odd'), 'COM1', 'win32').code).toBe('device.unplugRetry');
  });
});

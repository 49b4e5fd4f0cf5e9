import { DriverError } from '../errors.ts';

/**
 * serialport reports open failures as plain Errors whose text comes from the OS, e.g.
 * "Error: Resource temporarily unavailable Cannot lock port" (Linux, held by another program),
 * "Opening COM3: Access denied" (Windows, held by another program) or
 * "Error: Permission denied, cannot open /dev/ttyUSB0" (Linux, no dialout group / udev rule).
 */
export function mapSerialOpenError(
  error: unknown,
  path: string,
  platform: NodeJS.Platform = process.platform,
): DriverError {
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = { path, os: message.slice(0, 200) };
  if (code === 'EBUSY' || /busy|cannot lock port|temporarily unavailable/i.test(message)) {
    return new DriverError('device.portBusy', `${path} is held by another program`, { cause: error, detail });
  }
  if (code === 'EACCES' || /access denied|permission denied/i.test(message)) {
    // Windows says "Access denied" when another program has the port open.
    return platform === 'win32'
      ? new DriverError('device.portBusy', `${path} is held by another program`, { cause: error, detail })
      : new DriverError('device.permissionDenied', `no permission to open ${path}`, { cause: error, detail });
  }
  if (code === 'ENOENT' || /no such file|file not found|cannot find/i.test(message)) {
    return new DriverError('device.notFound', `${path} does not exist`, { cause: error, detail });
  }
  return new DriverError('device.unplugRetry', `could not open ${path}`, { cause: error, detail });
}

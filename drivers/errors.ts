// Stable error codes for everything below the core. The core maps each code to a translated
// catalogue entry with an action for the person at the desk, so codes never change meaning.
export const DRIVER_ERROR_CODES = [
  /** A dock is powered (pen charging) but nothing enumerated: a charge-only cable. */
  'device.powerOnlyCable',
  /** The port opened but the device never sent a single byte. */
  'device.noResponse',
  /** Another program holds the port (EBUSY, or "Access denied" on Windows). */
  'device.portBusy',
  /** The OS refused access (EACCES on Linux/macOS: udev rule or dialout group missing). */
  'device.permissionDenied',
  /** The port or USB device is not there (any more). */
  'device.notFound',
  /** The line is too noisy or the device is wedged: unplug it and try again. */
  'device.unplugRetry',
  /** The pen refuses to transmit on a critical battery (NAK 06). */
  'device.batteryCritical',
  /** The pen stayed busy (NAK 05) through every retry of one request. */
  'device.penBusy',
  /** A pen model known not to follow the protocol (the spec's §4.1 lists them). */
  'device.unknownModel',
  /** A USB device with a dock's ids that offers no pen-dock v1 interface. */
  'device.unsupportedDock',
  /** The addressed slot of a multi-slot dock holds no pen. */
  'device.slotEmpty',
  /** The device went away during the session. Nothing is lost: dock again. */
  'device.disconnectedMidRead',
  /** A step did not finish in time. */
  'device.timeout',
  /** The device said something the protocol does not allow. */
  'device.protocol',
  /** The caller's commit callback failed; nothing was acknowledged. */
  'device.commitFailed',
  /** The caller cancelled the session. */
  'device.aborted',
] as const;

export type DriverErrorCode = (typeof DRIVER_ERROR_CODES)[number];

export interface DriverErrorOptions {
  cause?: unknown;
  /** Machine-readable context for logs and support (never shown verbatim to the user). */
  detail?: Readonly<Record<string, string | number | boolean>>;
}

export class DriverError extends Error {
  readonly code: DriverErrorCode;
  readonly detail: Readonly<Record<string, string | number | boolean>>;

  constructor(code: DriverErrorCode, message: string, options: DriverErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DriverError';
    this.code = code;
    this.detail = options.detail ?? {};
  }
}

export function isDriverError(value: unknown, code?: DriverErrorCode): value is DriverError {
  return value instanceof DriverError && (code === undefined || value.code === code);
}

/** Wraps anything thrown into a DriverError, keeping DriverErrors as they are. */
export function toDriverError(value: unknown, fallback: DriverErrorCode, message: string): DriverError {
  if (value instanceof DriverError) return value;
  return new DriverError(fallback, message, { cause: value });
}

// Which driver speaks to which device. Unknown devices are ignored quietly (a PC has mice,
// keyboards and phones plugged in); known-but-unsupported ones get a code the core can explain.
//
// The USB ids are placeholders under the pid.codes open-hardware vendor id (0x1209) until the
// dock hardware has its own allocation; keep docs/protocol/pen-dock-v1.md in step.

export type DriverId = 'pen-dock-v1' | 'em4100';

export type ManifestMatch =
  | { kind: 'supported'; driver: DriverId; name: string; transport: 'usb' | 'serial'; baudRate?: number }
  | { kind: 'unsupported'; code: 'device.unsupportedDock'; name: string; reason: string }
  | { kind: 'ignored' };

interface UsbEntry {
  vendorId: number;
  productId: number;
  match: Exclude<ManifestMatch, { kind: 'ignored' }>;
}

export const USB_MANIFEST: readonly UsbEntry[] = [
  {
    vendorId: 0x1209,
    productId: 0xcd01,
    match: { kind: 'supported', driver: 'pen-dock-v1', name: 'CareDock pen dock (USB)', transport: 'usb' },
  },
  {
    vendorId: 0x1209,
    productId: 0xcd04,
    match: {
      kind: 'supported',
      driver: 'pen-dock-v1',
      name: 'CareDock 4-slot pen dock (USB)',
      transport: 'usb',
    },
  },
  {
    vendorId: 0x1209,
    productId: 0xcd00,
    match: {
      kind: 'unsupported',
      code: 'device.unsupportedDock',
      name: 'CareDock pen dock, first series',
      reason: 'speaks the pre-release protocol 0; needs a firmware update to pen-dock v1',
    },
  },
];

/** USB-serial bridges are generic, so a serial port needs both the bridge ids and a text hint. */
interface SerialHint {
  vendorId: string;
  productId: string;
  /** Matched against manufacturer, serial number and pnpId, case-insensitively. */
  text: RegExp;
  match: Exclude<ManifestMatch, { kind: 'ignored' }>;
}

export const SERIAL_HINTS: readonly SerialHint[] = [
  {
    vendorId: '0403',
    productId: '6001',
    text: /caredock/i,
    match: {
      kind: 'supported',
      driver: 'pen-dock-v1',
      name: 'CareDock serial pen dock',
      transport: 'serial',
      baudRate: 115200,
    },
  },
  {
    vendorId: '10c4',
    productId: 'ea60',
    text: /rfid|em4100|125k/i,
    match: {
      kind: 'supported',
      driver: 'em4100',
      name: 'EM4100 tag reader',
      transport: 'serial',
      baudRate: 9600,
    },
  },
  {
    vendorId: '0403',
    productId: '6015',
    text: /caredock/i,
    match: {
      kind: 'unsupported',
      code: 'device.unsupportedDock',
      name: 'CareDock serial dock, first series',
      reason: 'speaks the pre-release protocol 0; needs a firmware update to pen-dock v1',
    },
  },
];

export interface PenModel {
  model: string;
  /** known: tested with CareDock; refused: known not to follow pen-dock v1 (spec §4.1). */
  status: 'known' | 'refused';
  note?: string;
}

/**
 * Any pen that identifies with protocol v1 is read (spec §4.1); a model not listed here is read
 * with a notice. Keep the refused ones in step with the spec's list.
 */
export const PEN_MODELS: readonly PenModel[] = [
  { model: 'CDP-100', status: 'known' },
  { model: 'CDP-110', status: 'known' },
  {
    model: 'CDP-050',
    status: 'refused',
    note: 'first series: sends task records with task code 0 and erases before it is acknowledged',
  },
];

export function matchUsbDevice(ids: { vendorId: number; productId: number }): ManifestMatch {
  const entry = USB_MANIFEST.find((e) => e.vendorId === ids.vendorId && e.productId === ids.productId);
  return entry ? entry.match : { kind: 'ignored' };
}

export interface SerialPortHintInput {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
}

/** For entries of SerialPort.list(). Ports with no matching hint are ignored (configure them by path). */
export function matchSerialPort(port: SerialPortHintInput): ManifestMatch {
  const vendorId = port.vendorId?.toLowerCase();
  const productId = port.productId?.toLowerCase();
  const text = [port.manufacturer, port.serialNumber, port.pnpId].filter(Boolean).join(' ');
  const hint = SERIAL_HINTS.find(
    (h) => h.vendorId === vendorId && h.productId === productId && h.text.test(text),
  );
  return hint ? hint.match : { kind: 'ignored' };
}

export function penModelStatus(model: string): 'known' | 'unfamiliar' | 'refused' {
  return PEN_MODELS.find((m) => m.model === model)?.status ?? 'unfamiliar';
}

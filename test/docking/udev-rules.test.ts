import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERIAL_HINTS, USB_MANIFEST } from '../../drivers/manifest.ts';

const rules = readFileSync(
  path.resolve(import.meta.dirname, '../../packaging/linux/70-caredock.rules'),
  'utf8',
);
const hex = (n: number) => n.toString(16).padStart(4, '0');

describe('the Linux udev rules', () => {
  it('give seat access to every supported device in the manifest', () => {
    for (const entry of USB_MANIFEST.filter((e) => e.match.kind === 'supported')) {
      expect(rules).toContain(
        `ATTRS{idVendor}=="${hex(entry.vendorId)}", ATTRS{idProduct}=="${hex(entry.productId)}", TAG+="uaccess"`,
      );
    }
    for (const hint of SERIAL_HINTS.filter((h) => h.match.kind === 'supported')) {
      expect(rules).toContain(
        `ATTRS{idVendor}=="${hint.vendorId}", ATTRS{idProduct}=="${hint.productId}", TAG+="uaccess"`,
      );
    }
  });
});

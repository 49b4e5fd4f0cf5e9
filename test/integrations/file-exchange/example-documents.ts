// The documents behind docs/formats/examples/bfu-back.xml and mfu-time.csv: the tests write them
// again and compare, so the examples cannot drift from the writers.
import type { BfuBackDocument, MfuTimeRow } from '../../../integrations/file-exchange/index.ts';

export const exampleBack: BfuBackDocument = {
  municipalityId: '1480',
  providerId: 'hemtjanst-nord',
  month: '2026-01',
  version: 2,
  attestedAt: '2026-02-03T09:15:00.000Z',
  createdAt: '2026-02-03T09:20:00.000Z',
  orders: [
    {
      orderId: 'o-1001',
      orderVersion: 1,
      recipientId: 'r-2001',
      status: 'performed',
      services: [
        { code: 'HS01', grantedMinutes: 600, plannedMinutes: 570, performedMinutes: 545, deviations: 2 },
        { code: 'SE02', grantedMinutes: 120, plannedMinutes: 120, performedMinutes: 120, deviations: 0 },
      ],
    },
    {
      orderId: 'o-1003',
      orderVersion: 1,
      recipientId: 'r-2003',
      status: 'notPerformed',
      services: [
        { code: 'TI03', grantedMinutes: 150, plannedMinutes: 150, performedMinutes: 0, deviations: 5 },
      ],
    },
    {
      orderId: null,
      orderVersion: null,
      recipientId: 'r-2002',
      status: 'performed',
      services: [{ code: 'HS01', grantedMinutes: 0, plannedMinutes: 0, performedMinutes: 45, deviations: 0 }],
    },
  ],
};

const row = (over: Partial<MfuTimeRow>): MfuTimeRow => ({
  month: '2026-01',
  providerId: 'hemtjanst-nord',
  customerNumber: 'r-2001',
  orderId: 'o-1001',
  serviceCode: 'HS01',
  serviceName: 'Personlig omvårdnad',
  grantedMinutes: 600,
  performedMinutes: 545,
  deviations: 2,
  attestVersion: 2,
  ...over,
});

export const exampleTimeRows: MfuTimeRow[] = [
  row({}),
  row({
    serviceCode: 'SE02',
    serviceName: 'Städning; storstädning',
    grantedMinutes: 120,
    performedMinutes: 120,
    deviations: 0,
  }),
  row({
    customerNumber: 'r-2003',
    orderId: 'o-1003',
    serviceCode: 'TI03',
    serviceName: 'Tillsyn',
    grantedMinutes: 150,
    performedMinutes: 0,
    deviations: 5,
  }),
  row({ customerNumber: 'r-2002', orderId: null, grantedMinutes: 0, performedMinutes: 45, deviations: 0 }),
];

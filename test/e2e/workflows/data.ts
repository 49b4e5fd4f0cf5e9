// The day the workflow tests play out: three staff, three recipients (one named like a
// spreadsheet formula, one with protected identity), their orders, a morning of registrations
// with an unmatched departure, and the planned visits of the day.
import type { User } from './host.ts';
import { isoAt, localToday, type Seed } from './seed.ts';

export const day = localToday();
export const month = day.slice(0, 7);

export const staff = {
  sara: { id: 'staff-sara', name: 'Sara Svensson' },
  omar: { id: 'staff-omar', name: 'Omar Nilsson' },
  lena: { id: 'staff-lena', name: 'Lena Berg' },
};

export const recipients = {
  greta: { id: 'rec-greta', name: 'Greta Gustafsson', tag: 'A1B2C3D4' },
  formula: { id: 'rec-formula', name: '=HYPERLINK("http://x","y")', tag: 'B1B2C3D4' },
  hidden: {
    id: 'rec-hidden',
    name: 'Hemliga Hilda',
    tag: 'C1B2C3D4',
    protectedIdentity: true,
    personalId: '19121212-1212',
    address: 'Skyddade gatan 1, Upplands-Bro',
  },
};

export const admin: User = {
  username: 'anna.admin',
  displayName: 'Anna Andersson',
  password: 'Hemtjanst-2025!',
  roles: ['admin', 'office', 'coordinator'],
};
export const office: User = {
  username: 'olle.kontor',
  displayName: 'Olle Olsson',
  password: 'Kontoret-2025!',
  roles: ['office'],
};
export const coordinator: User = {
  username: 'cecilia.samordnare',
  displayName: 'Cecilia Carlsson',
  password: 'Planera-2025!',
  roles: ['coordinator'],
};

export const seed: Seed = {
  staff: Object.values(staff),
  recipients: Object.values(recipients),
  orders: [
    {
      id: 'order-greta',
      recipientId: recipients.greta.id,
      validFrom: `${month}-01`,
      validTo: null,
      origin: { file: 'bestallningar-vecka-48.xml', importedAt: isoAt(`${month}-01`, '06:15'), version: 3 },
      services: [{ code: 'PO', name: 'Personlig omvårdnad', minutesPerMonth: 1200 }],
    },
    {
      id: 'order-formula',
      recipientId: recipients.formula.id,
      validFrom: `${month}-01`,
      validTo: null,
      services: [{ code: 'SE', name: 'Service', minutesPerMonth: 600 }],
    },
    {
      id: 'order-hidden',
      recipientId: recipients.hidden.id,
      validFrom: `${month}-01`,
      validTo: null,
      services: [{ code: 'PO', name: 'Personlig omvårdnad', minutesPerMonth: 900 }],
    },
  ],
  registrations: [
    { staffId: staff.sara.id, recipientId: recipients.greta.id, date: day, time: '08:00', kind: 'arrive' },
    { staffId: staff.sara.id, recipientId: recipients.greta.id, date: day, time: '08:45', kind: 'depart' },
    { staffId: staff.omar.id, recipientId: recipients.formula.id, date: day, time: '09:00', kind: 'arrive' },
    { staffId: staff.omar.id, recipientId: recipients.formula.id, date: day, time: '09:30', kind: 'depart' },
    // The pen read "depart" at the door where the arrival should have been: two departures.
    { staffId: staff.sara.id, recipientId: recipients.greta.id, date: day, time: '10:00', kind: 'depart' },
    { staffId: staff.sara.id, recipientId: recipients.greta.id, date: day, time: '10:40', kind: 'depart' },
    { staffId: staff.lena.id, recipientId: recipients.hidden.id, date: day, time: '11:00', kind: 'arrive' },
    { staffId: staff.lena.id, recipientId: recipients.hidden.id, date: day, time: '11:30', kind: 'depart' },
  ],
  plans: [
    {
      recipientId: recipients.greta.id,
      orderId: 'order-greta',
      staffIds: [staff.sara.id],
      date: day,
      start: '08:00',
      end: '08:45',
    },
    {
      recipientId: recipients.formula.id,
      orderId: 'order-formula',
      staffIds: [staff.omar.id],
      date: day,
      start: '09:00',
      end: '09:30',
    },
    {
      recipientId: recipients.hidden.id,
      orderId: 'order-hidden',
      staffIds: [staff.lena.id],
      date: day,
      start: '11:00',
      end: '11:30',
    },
    {
      recipientId: recipients.greta.id,
      orderId: 'order-greta',
      staffIds: [staff.sara.id, staff.lena.id],
      date: day,
      start: '13:00',
      end: '13:45',
    },
  ],
};

// The workstation's tables in one file because drizzle-kit generates the migrations from it
// (and it is about 400 lines for that reason). Each table has one owner, the data.ts that reads
// and writes it: users and user_roles → auth; settings → settings; audit_log → audit; staff,
// pens, pen_assignments → staff; serial_docks, tags → devices; dock_sessions,
// dock_session_bytes → docking; registrations → registrations; corrections → corrections;
// attestations → attestations; visit_plans, visit_plan_edits → plans; orders, order_services,
// task_services → orders; recipients → recipients; outbox, sync_state, sync_installation,
// sync_resync_seen → sync; notices, notice_runs → notices; deviation_reports → reports.
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  language: text('language', { enum: ['sv', 'fi', 'en'] })
    .notNull()
    .default('sv'),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  /** The right to see a protected identity's name and address (need to know), granted by an admin. */
  seeProtected: integer('see_protected', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at').notNull().default(now),
  lastLoginAt: text('last_login_at'),
});

export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['office', 'coordinator', 'admin'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Append-only: who did what and when. Never holds secrets or personnummer. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull().default(now),
    actorUserId: integer('actor_user_id'),
    actor: text('actor'),
    action: text('action').notNull(),
    subject: text('subject'),
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

// ── Staff, recipients' tags, pens and docks ───────────────────────────────────────────────────

/** Staff members: come down from the municipality's server or are added locally. */
export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  source: text('source', { enum: ['local', 'server'] })
    .notNull()
    .default('local'),
  updatedAt: text('updated_at').notNull().default(now),
  /** Where a late change to a visit reaches this person (E.164 and an address); kept locally. */
  phone: text('phone'),
  email: text('email'),
  /** The mailbox whose Exchange calendar holds this person's visits (calendar/); kept locally. */
  calendarAddress: text('calendar_address'),
});

/** An NFC/RFID tag fixed in a recipient's home; its UID identifies the home. */
export const tags = sqliteTable('tags', {
  uid: text('uid').primaryKey(),
  recipientId: text('recipient_id'),
  label: text('label').notNull().default(''),
  enrolledAt: text('enrolled_at').notNull().default(now),
  enrolledBy: text('enrolled_by'),
  source: text('source', { enum: ['local', 'server'] })
    .notNull()
    .default('local'),
});

export const pens = sqliteTable('pens', {
  serial: text('serial').primaryKey(),
  model: text('model').notNull(),
  firmware: text('firmware').notNull(),
  label: text('label').notNull().default(''),
  firstSeenAt: text('first_seen_at').notNull().default(now),
  lastSeenAt: text('last_seen_at').notNull().default(now),
  batteryPercent: integer('battery_percent'),
  /** Highest sequence the pen was told it may forget. */
  lastAcknowledgedSeq: integer('last_acknowledged_seq').notNull().default(0),
  /** Highest sequence ever stored: a pen reporting less has lost memory or been swapped. */
  highestSeq: integer('highest_seq').notNull().default(0),
});

/** Which staff member carried a pen when; registrations are attributed by their time. */
export const penAssignments = sqliteTable(
  'pen_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    penSerial: text('pen_serial')
      .notNull()
      .references(() => pens.serial),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    assignedBy: text('assigned_by'),
  },
  (t) => [index('pen_assignments_pen').on(t.penSerial, t.validFrom)],
);

/** Serial docks have no USB ids to be found by, so an admin names their port. */
export const serialDocks = sqliteTable('serial_docks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  path: text('path').notNull().unique(),
  label: text('label').notNull().default(''),
  baudRate: integer('baud_rate').notNull().default(115200),
  kind: text('kind', { enum: ['pen-dock', 'tag-reader'] })
    .notNull()
    .default('pen-dock'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
});

// ── Docking sessions and registrations ───────────────────────────────────────────────────────

export const dockSessions = sqliteTable(
  'dock_sessions',
  {
    id: text('id').primaryKey(),
    penSerial: text('pen_serial'),
    dock: text('dock').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    status: text('status', { enum: ['running', 'done', 'failed', 'cancelled'] }).notNull(),
    newCount: integer('new_count').notNull().default(0),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    flaggedCount: integer('flagged_count').notNull().default(0),
    errorCode: text('error_code'),
    /** JSON object: the error's parameters, so the history shows the message it showed then. */
    errorParams: text('error_params'),
    /** PC time minus pen time at identify, in ms. */
    clockOffsetMs: integer('clock_offset_ms'),
    clockSet: integer('clock_set', { mode: 'boolean' }).notNull().default(false),
    /** The pen said at identify that its clock had been reset. */
    clockReset: integer('clock_reset', { mode: 'boolean' }).notNull().default(false),
    /** Records that broke the protocol, kept in quarantined_records. */
    quarantinedCount: integer('quarantined_count').notNull().default(0),
  },
  (t) => [index('dock_sessions_pen').on(t.penSerial, t.startedAt)],
);

/** The pen's own bytes, kept with what was parsed from them, so support can replay a session. */
export const dockSessionBytes = sqliteTable(
  'dock_session_bytes',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => dockSessions.id),
    chunk: integer('chunk').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.chunk] })],
);

/**
 * A record a pen sent that breaks the protocol (a forbidden value, spec §3): never a registration,
 * kept with its own bytes for support. The pen was acknowledged past it once it was stored here,
 * so one bad record does not stop the pen's other registrations at every docking.
 */
export const quarantinedRecords = sqliteTable(
  'quarantined_records',
  {
    penSerial: text('pen_serial').notNull(),
    sequence: integer('sequence').notNull(),
    /** Which rule it broke: kind, taskCode, flags, uidLength, length. */
    fault: text('fault').notNull(),
    /** For support; never shown as is. */
    detail: text('detail').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
    sessionId: text('session_id').references(() => dockSessions.id),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.penSerial, t.sequence] }),
    index('quarantined_records_received').on(t.receivedAt),
  ],
);

/**
 * One tag read off a pen: append-only evidence for payment. (pen serial, sequence) is unique, so
 * reading the same record twice (after a crash between commit and acknowledge) stores it once.
 */
export const registrations = sqliteTable(
  'registrations',
  {
    id: text('id').primaryKey(),
    penSerial: text('pen_serial').notNull(),
    sequence: integer('sequence').notNull(),
    tagUid: text('tag_uid').notNull(),
    /** As the pen's clock said, ISO UTC. */
    penTime: text('pen_time').notNull(),
    /** Pen time corrected by the offset measured at docking (equal to pen time when in step). */
    correctedTime: text('corrected_time').notNull(),
    kind: text('kind', { enum: ['arrive', 'depart', 'task'] }).notNull(),
    taskCode: integer('task_code'),
    /** JSON array of flags: lowBattery, clockReset, clockCorrected, unknownTag, noStaff. */
    flags: text('flags').notNull().default('[]'),
    staffId: text('staff_id'),
    recipientId: text('recipient_id'),
    sessionId: text('session_id'),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [
    uniqueIndex('registrations_pen_seq').on(t.penSerial, t.sequence),
    // Pairing reads a whole day in pairing order (time, arrive/task/depart, id) with what it
    // needs: answered from this index alone, without a sort or a seek into the table per row.
    index('registrations_pairing').on(
      t.correctedTime,
      sql`(case ${t.kind} when 'arrive' then 0 when 'task' then 1 else 2 end)`,
      t.id,
      t.staffId,
      t.penSerial,
      t.recipientId,
      t.tagUid,
      t.taskCode,
    ),
  ],
);

/**
 * The transactional outbox: written in the same transaction as the domain row it announces;
 * the uploader reads it in order and the payload is built from the domain row at send time.
 *
 * Docking writes one row per registration on its hottest path, so the indexes are partial:
 * a new (pending) row enters one small index; the ones for sent rows (reconciliation) fill
 * when the uploader marks rows sent, off the docking path. Uniqueness comes from the domain
 * rows' own keys (each is inserted once, in its creating transaction).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey(),
    kind: text('kind', {
      enum: ['registration', 'correction', 'attestation', 'visitPlan', 'deviationReport'],
    }).notNull(),
    itemId: text('item_id').notNull(),
    state: text('state', { enum: ['pending', 'sent', 'quarantined'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Not before this ISO instant: backoff after a retryable per-item rejection. */
    nextAttemptAt: text('next_attempt_at'),
    /** The reconciliation day (UTC) of the item, set when it was sent. */
    day: text('day'),
    sentAt: text('sent_at'),
  },
  (t) => [
    index('outbox_pending')
      .on(t.id)
      .where(sql`state = 'pending'`),
    index('outbox_quarantined')
      .on(t.id)
      .where(sql`state = 'quarantined'`),
    index('outbox_sent_item')
      .on(t.kind, t.itemId)
      .where(sql`state = 'sent'`),
    index('outbox_sent_day')
      .on(t.day)
      .where(sql`state = 'sent'`),
  ],
);

/**
 * Care recipients as far as this workstation needs them. Orders and their details arrive with
 * sync; a protected identity hides name and address from everyone without the right.
 */
export const recipients = sqliteTable('recipients', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Personnummer, samordningsnummer or henkilötunnus; never logged, shown only with need. */
  personalId: text('personal_id'),
  address: text('address'),
  protectedIdentity: integer('protected_identity', { mode: 'boolean' }).notNull().default(false),
  source: text('source', { enum: ['local', 'server'] })
    .notNull()
    .default('local'),
  updatedAt: text('updated_at').notNull().default(now),
  // Kept by the provider, not by sync: a server upsert leaves these alone.
  /** The language notices are written in; null: the workstation's default. */
  noticeLanguage: text('notice_language', { enum: ['sv', 'fi', 'en'] }),
  /** E.164, checked when saved. */
  phone: text('phone'),
  email: text('email'),
  /** Who recorded the recipient's consent to notices, and when; both null: no consent. */
  consentBy: text('consent_by'),
  consentAt: text('consent_at'),
  // From the municipality's register, by sync (the database file is encrypted): never logged,
  // never in a notice or a calendar item.
  doorCode: text('door_code'),
  keyInformation: text('key_information'),
});

// ── What flows down: the municipality's orders ────────────────────────────────────────────────

/** A municipality's order (beställning/beslut) for one recipient, valid for a period. */
export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    recipientId: text('recipient_id').notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    source: text('source', { enum: ['local', 'server'] })
      .notNull()
      .default('server'),
    /** The municipality's version of the order, and the file it was imported from and when. */
    version: integer('version'),
    originFile: text('origin_file'),
    originAt: text('origin_at'),
    /** The order's contact persons as JSON ([{ name, relation, phone }]). */
    contacts: text('contacts'),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [index('orders_recipient').on(t.recipientId)],
);

/** The services (insatser) of an order with their granted time (beviljad tid). */
export const orderServices = sqliteTable(
  'order_services',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    grantedMinutesPerMonth: integer('granted_minutes_per_month').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.code] })],
);

/** Which service (insats) a task code a pen registers counts for, per municipality. */
export const taskServices = sqliteTable(
  'task_services',
  {
    municipalityId: text('municipality_id').notNull(),
    taskCode: integer('task_code').notNull(),
    serviceCode: text('service_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.taskCode] })],
);

// ── Planned visits, corrections and attestations: what flows up ─────────────────────────────

/** The current state of each planned visit; its history is in visit_plan_edits. */
export const visitPlans = sqliteTable(
  'visit_plans',
  {
    id: text('id').primaryKey(),
    recipientId: text('recipient_id').notNull(),
    orderId: text('order_id'),
    /** JSON array of one staff id, or two for double staffing. */
    staffIds: text('staff_ids').notNull(),
    plannedStart: text('planned_start').notNull(),
    plannedEnd: text('planned_end').notNull(),
    tasks: text('tasks').notNull().default('[]'),
    /** JSON array of the services (insatser) the visit is for: code and minutes each. */
    services: text('services').notNull().default('[]'),
    /** Visits made by one recurring rule share a series, so it can be edited from a date on. */
    seriesId: text('series_id'),
    status: text('status', { enum: ['planned', 'cancelled'] })
      .notNull()
      .default('planned'),
    editedAt: text('edited_at').notNull(),
    editedBy: text('edited_by').notNull(),
    source: text('source', { enum: ['local', 'server'] })
      .notNull()
      .default('local'),
  },
  (t) => [
    index('visit_plans_start').on(t.plannedStart),
    // A range's plans are found from its end: years of history lie before it (plans/data.ts).
    index('visit_plans_end').on(t.plannedEnd),
    index('visit_plans_recipient').on(t.recipientId),
  ],
);

/** Every edit of a planned visit as it was made (and sent): append-only. */
export const visitPlanEdits = sqliteTable(
  'visit_plan_edits',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id').notNull(),
    /** The visitPlan push item exactly as it goes to the server. */
    payload: text('payload').notNull(),
    editedAt: text('edited_at').notNull(),
  },
  (t) => [index('visit_plan_edits_plan').on(t.planId)],
);

/** Deviation reports office staff sent the municipality: each the push item it went up as. */
export const deviationReports = sqliteTable(
  'deviation_reports',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['missed', 'late', 'short', 'notice'] }).notNull(),
    recipientId: text('recipient_id'),
    /** The deviationReport push item exactly as it goes to the server. */
    payload: text('payload').notNull(),
    filedAt: text('filed_at').notNull(),
    filedBy: text('filed_by').notNull(),
  },
  (t) => [index('deviation_reports_filed').on(t.filedAt)],
);

/** A manual fix beside the registration it corrects; the original is never changed. */
export const corrections = sqliteTable(
  'corrections',
  {
    id: text('id').primaryKey(),
    /** The registration corrected; null for a manual registration of a missed visit. */
    correctsId: text('corrects_id'),
    reason: text('reason').notNull(),
    /** JSON of the changed fields (correctedTime, kind, staffId, recipientId, void …). */
    changes: text('changes').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('corrections_target').on(t.correctsId)],
);

/** A period locked as the basis for payment. Reopening is an admin act, kept here and audited. */
export const attestations = sqliteTable(
  'attestations',
  {
    id: text('id').primaryKey(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    /** null: the whole provider; otherwise one recipient. */
    recipientId: text('recipient_id'),
    attestedAt: text('attested_at').notNull(),
    attestedBy: text('attested_by').notNull(),
    registrationCount: integer('registration_count').notNull(),
    note: text('note'),
    reopenedAt: text('reopened_at'),
    reopenedBy: text('reopened_by'),
    reopenReason: text('reopen_reason'),
    /** 1 for a period's first attest, one more for each attest after a reopen. */
    version: integer('version').notNull().default(1),
    /** JSON of the figures at the moment of the attest: what exports and the municipality see. */
    snapshot: text('snapshot'),
    /** JSON of the open problems (counts per kind) the attester confirmed. */
    openProblems: text('open_problems'),
  },
  (t) => [index('attestations_period').on(t.periodStart, t.periodEnd)],
);

// ── Installation and sync state ─────────────────────────────────────────────────────────────

/** Small named values the sync machinery keeps: cursor, last success, server clock offset… */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// ── Sync: the installation for one municipality, and full-resync bookkeeping ───────────────

/** At most one row (id = 1): the municipality this workstation serves and its certificate. */
export const syncInstallation = sqliteTable('sync_installation', {
  id: integer('id').primaryKey(),
  municipalityId: text('municipality_id').notNull(),
  municipalityName: text('municipality_name').notNull(),
  serverUrl: text('server_url').notNull(),
  /** The municipality CA from the install profile: the only CA the client trusts. */
  caCertificatePem: text('ca_certificate_pem').notNull(),
  workstationId: text('workstation_id').notNull(),
  workstationName: text('workstation_name').notNull(),
  providerId: text('provider_id').notNull(),
  providerName: text('provider_name').notNull(),
  /** Public certificate only; the private key lives in the key store, never in the database. */
  certificatePem: text('certificate_pem').notNull(),
  certificateNotAfter: text('certificate_not_after').notNull(),
  installedAt: text('installed_at').notNull().default(now),
});

/** Rows seen during a full resync (after 410): what is not seen by its end was deleted. */
export const syncResyncSeen = sqliteTable(
  'sync_resync_seen',
  {
    entity: text('entity').notNull(),
    id: text('id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.id] })],
);

// ── Notices: what each rule sent or missed (owned by notices) ────────────────────────────────

/**
 * One notice a rule decided on: the job that carries it, or `missed` (a day-before reminder the
 * PC was off for). Never the text, the number or the address: those live in the job's payload.
 */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The rule's idempotency key: one notice per event, however often the rule runs. */
    key: text('key').notNull(),
    rule: text('rule').notNull(),
    planId: text('plan_id'),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    audience: text('audience', { enum: ['recipient', 'staff', 'coordinators', 'admins'] }).notNull(),
    jobId: integer('job_id'),
    missed: integer('missed', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('notices_key').on(t.key), index('notices_plan').on(t.planId)],
);

/** A rule's run for a day (the day-before reminders for a date): done or missed, once. */
export const noticeRuns = sqliteTable(
  'notice_runs',
  {
    rule: text('rule').notNull(),
    day: text('day').notNull(),
    outcome: text('outcome', { enum: ['sent', 'missed'] }).notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rule, t.day] })],
);

// ── A person's data ─────────────────────────────────────────────────────────────────────────

/** Erasures the server confirmed (by sync), and when this workstation carried them out. Owner: people. */
export const erasures = sqliteTable('erasures', {
  recipientId: text('recipient_id').primaryKey(),
  /** SHA-256 of the normalised personnummer: matched, never reversed. */
  personalIdHash: text('personal_id_hash').notNull(),
  /**
   * The name and personnummer this PC held when the confirmation came (before the server's
   * pseudonymised row replaced them): what the erasure looks for in free text. Cleared by it.
   */
  name: text('name'),
  personalId: text('personal_id'),
  confirmedAt: text('confirmed_at').notNull(),
  erasedAt: text('erased_at'),
});

// ── The performers' Exchange calendars (owner: calendar/) ─────────────────────────────────────

/**
 * One item of ours in one performer's calendar: where it is on the server and a digest of what
 * was written, so an unchanged plan is not written again and reconciliation sees drift.
 */
export const calendarItems = sqliteTable(
  'calendar_items',
  {
    planId: text('plan_id').notNull(),
    mailbox: text('mailbox').notNull(),
    itemId: text('item_id').notNull(),
    changeKey: text('change_key'),
    digest: text('digest').notNull(),
    writtenAt: integer('written_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.mailbox] })],
);

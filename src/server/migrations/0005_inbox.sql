-- The 1177 inbox (src/server/inbox): per municipality its rules and connection, per recipient the
-- consent the municipality recorded, one row per message decided on, and the round the channel
-- is in (1177's rule: at most 1,000 messages a round, 5 minutes between rounds), shared by every
-- server process.
CREATE TABLE inbox_settings (
  municipality_id text PRIMARY KEY REFERENCES municipalities (id),
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inbox_consents (
  municipality_id text NOT NULL REFERENCES municipalities (id),
  recipient_id text NOT NULL,
  -- Messages about moved or cancelled visits; and the next week's times as well.
  consent boolean NOT NULL,
  weekly boolean NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, recipient_id)
);

CREATE TABLE inbox_messages (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities (id),
  provider_id text NOT NULL REFERENCES providers (id),
  recipient_id text NOT NULL,
  -- moved | cancelled | weekly
  reason text NOT NULL,
  -- What makes it this message and no other (the plan edit, the recipient's week): decided once.
  dedup_key text NOT NULL UNIQUE,
  -- What the text is made from: times and the provider's name, never a personnummer.
  content jsonb NOT NULL,
  -- new → queued → sent | notActive | failed | parked
  state text NOT NULL DEFAULT 'new',
  code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX inbox_messages_new_idx ON inbox_messages (created_at) WHERE state = 'new';
CREATE INDEX inbox_messages_sent_idx ON inbox_messages (municipality_id, sent_at) WHERE state = 'sent';

CREATE TABLE inbox_rounds (
  channel text PRIMARY KEY,
  sent integer NOT NULL DEFAULT 0,
  inflight integer NOT NULL DEFAULT 0,
  round_started_at timestamptz,
  last_reserved_at timestamptz,
  paused_until timestamptz
);

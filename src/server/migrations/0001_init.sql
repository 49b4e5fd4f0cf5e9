-- CareDock central server: initial schema. Mirrors src/server/db/schema.ts.
CREATE TABLE municipalities (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE providers (
  id text PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX providers_municipality_idx ON providers (municipality_id);

CREATE TABLE provider_addresses (
  provider_id text NOT NULL REFERENCES providers(id),
  address text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, address)
);

CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  workstation_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workstations (
  id uuid PRIMARY KEY,
  provider_id text NOT NULL REFERENCES providers(id),
  name text NOT NULL,
  cert_fingerprint text NOT NULL,
  cert_serial text NOT NULL,
  cert_not_after timestamptz NOT NULL,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_reason text
);
CREATE UNIQUE INDEX workstations_cert_fingerprint_key ON workstations (cert_fingerprint);

CREATE TABLE pushed_items (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  municipality_id text NOT NULL,
  provider_id text NOT NULL,
  workstation_id uuid NOT NULL,
  day date NOT NULL,
  content_hash text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pushed_items_provider_day_idx ON pushed_items (provider_id, day, type);
CREATE INDEX pushed_items_workstation_day_idx ON pushed_items (workstation_id, day, type);

CREATE TABLE sync_entities (
  provider_id text NOT NULL REFERENCES providers(id),
  entity text NOT NULL,
  entity_id text NOT NULL,
  data jsonb,
  deleted boolean NOT NULL DEFAULT false,
  seq bigint,
  version_at timestamptz,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, entity, entity_id)
);
CREATE INDEX sync_entities_provider_seq_idx ON sync_entities (provider_id, seq);
CREATE INDEX sync_entities_unsequenced_idx ON sync_entities (provider_id) WHERE seq IS NULL;

-- The change sequence. Values are taken only by the sequencer, one transaction at a time.
CREATE SEQUENCE sync_change_seq AS bigint;

CREATE TABLE sync_horizon (
  id boolean PRIMARY KEY DEFAULT true,
  purged_through_seq bigint NOT NULL DEFAULT 0
);
INSERT INTO sync_horizon (id, purged_through_seq) VALUES (true, 0);

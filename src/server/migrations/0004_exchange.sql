-- The municipality's file exchange (src/server/exchange/). Mirrors src/server/db/schema.ts.

-- Every file taken from a drop folder, the admin API or the CLI, with what became of it. A file
-- whose digest was imported before is a no-op; a refused file may be dropped again once fixed.
CREATE TABLE exchange_files (
  id bigserial PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities (id),
  format text NOT NULL,
  name text NOT NULL,
  sha256 text NOT NULL,
  status text NOT NULL,
  records integer NOT NULL,
  rejected integer NOT NULL,
  code text,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX exchange_files_imported_key ON exchange_files (municipality_id, format, sha256)
  WHERE status = 'imported';
CREATE INDEX exchange_files_municipality_idx ON exchange_files (municipality_id, id);

-- The stored version of each BFU order, so an older version is refused and a repeat is a no-op.
CREATE TABLE exchange_orders (
  municipality_id text NOT NULL REFERENCES municipalities (id),
  order_id text NOT NULL,
  version integer NOT NULL,
  provider_id text NOT NULL,
  content_hash text NOT NULL,
  file_id bigint NOT NULL,
  PRIMARY KEY (municipality_id, order_id)
);

-- One row per BFU-back and MFU-time pair written for a provider's attested month.
CREATE TABLE exchange_exports (
  provider_id text NOT NULL REFERENCES providers (id),
  month text NOT NULL,
  attest_version integer NOT NULL,
  figures_hash text NOT NULL,
  files jsonb NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, month, attest_version)
);

-- Per municipality: the MFU column mappings (recipients in, time out).
CREATE TABLE exchange_settings (
  municipality_id text PRIMARY KEY REFERENCES municipalities (id),
  settings jsonb NOT NULL
);

-- Door codes and key information, sealed with AES-256-GCM under a key kept outside the database
-- (DATA/keys/secrets.key, or CAREDOCK_SECRETS_KEY_FILE). The pull unseals them for the provider's
-- own workstations only; nothing else reads them.
CREATE TABLE recipient_secrets (
  provider_id text NOT NULL REFERENCES providers (id),
  recipient_id text NOT NULL,
  sealed text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, recipient_id)
);

-- The export looks for attested months often; attestations are few among the pushed items.
CREATE INDEX pushed_items_attestation_idx ON pushed_items (provider_id) WHERE type = 'attestation';

-- The sequencer numbers pending rows in the order they changed; after a file import of 100,000
-- orders it would sort every pending row for each batch of 10,000 without this.
CREATE INDEX sync_entities_unsequenced_changed_idx ON sync_entities (changed_at) WHERE seq IS NULL;

-- TWeb cases (src/server/tweb): per municipality the connection and how each kind of transaction
-- is filed, and one row per transaction a provider sent that the municipality files: a deviation
-- report, a notice, or an attested month.
CREATE TABLE tweb_settings (
  municipality_id text PRIMARY KEY REFERENCES municipalities (id),
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweb_transactions (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities (id),
  provider_id text NOT NULL REFERENCES providers (id),
  -- deviation | notice | monthlyBasis
  kind text NOT NULL,
  -- The pushed item it comes from (a deviationReport or an attestation): filed once.
  source_id uuid NOT NULL UNIQUE,
  -- new → queued → filed | failed | parked; belowThreshold (kept, not filed)
  state text NOT NULL DEFAULT 'new',
  case_id text,
  document_ids jsonb NOT NULL DEFAULT '[]',
  code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  filed_at timestamptz
);
CREATE INDEX tweb_transactions_new_idx ON tweb_transactions (created_at) WHERE state = 'new';

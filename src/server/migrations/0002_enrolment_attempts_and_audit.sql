-- Enrolment attempts per source address, in the database so every server process on one
-- PostgreSQL counts the same guesses. Mirrors src/server/db/schema.ts.
CREATE TABLE enrolment_attempts (
  address text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  attempts integer NOT NULL
);

-- The evidence record: pushes accepted, enrolments, revocations and admin changes, each written
-- in the transaction of the change it records. The log carries a copy.
CREATE TABLE server_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  actor text NOT NULL,
  municipality_id text,
  provider_id text,
  workstation_id uuid,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX server_audit_at_idx ON server_audit (at);
CREATE INDEX server_audit_provider_at_idx ON server_audit (provider_id, at);

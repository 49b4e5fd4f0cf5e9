-- The server's job queue (src/server/jobs). pg-boss keeps the jobs in its own schema (pgboss);
-- these tables keep what pg-boss has no place for: a channel paused for all server processes, an
-- outcome that needs a person (parked), a permanent refusal or a discard with its reason, and each
-- at-most-once attempt's known ending, so a restart can tell a clean retry from an unknown outcome.
CREATE TABLE job_channels (
  channel text PRIMARY KEY,
  paused boolean NOT NULL DEFAULT false,
  paused_by text CHECK (paused_by IN ('admin', 'auto')),
  pause_code text,
  pause_params jsonb,
  paused_at timestamptz,
  failing_since timestamptz
);

CREATE TABLE job_marks (
  job_id uuid PRIMARY KEY,
  queue text NOT NULL,
  state text NOT NULL CHECK (state IN ('dead', 'parked', 'done')),
  code text,
  params jsonb,
  discard_reason text,
  actor text,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job_attempts (
  job_id uuid NOT NULL,
  attempt integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('not-sent', 'sent', 'unknown')),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, attempt)
);

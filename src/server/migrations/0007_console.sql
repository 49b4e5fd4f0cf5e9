-- The municipality console: its accounts, their second factor, browser sessions and sign-in
-- throttling, all in the database so every server process agrees.
CREATE TABLE console_accounts (
  username text PRIMARY KEY,
  display_name text NOT NULL,
  roles jsonb NOT NULL,
  units jsonb NOT NULL DEFAULT '[]'::jsonb,
  language text NOT NULL DEFAULT 'sv',
  see_protected boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  -- null for an account that signs in only through the identity provider
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT true,
  -- the TOTP secret, sealed with the server's key; pending until the first code confirms it
  totp_sealed text,
  totp_pending_sealed text,
  -- the last time step a code was accepted for: a code is never accepted twice
  totp_last_step bigint,
  oidc_issuer text,
  oidc_subject text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX console_accounts_oidc_key ON console_accounts (oidc_issuer, oidc_subject)
  WHERE oidc_subject IS NOT NULL;

CREATE TABLE console_recovery_codes (
  username text NOT NULL REFERENCES console_accounts (username) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (username, code_hash)
);

-- One row per browser; only a SHA-256 of the cookie's value is stored.
CREATE TABLE console_sessions (
  id_hash text PRIMARY KEY,
  csrf_token text NOT NULL,
  username text REFERENCES console_accounts (username) ON DELETE CASCADE,
  stage text NOT NULL,
  oidc_pending jsonb,
  source_address text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_sessions_last_seen_idx ON console_sessions (last_seen_at);

-- Failed (and in-flight) sign-ins per key: a source address or a user name.
CREATE TABLE console_sign_in_failures (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  last_at timestamptz NOT NULL
);

ALTER TABLE workstations ADD COLUMN last_seen_at timestamptz;
ALTER TABLE workstations ADD COLUMN last_address text;
ALTER TABLE workstations ADD COLUMN client_version text;
ALTER TABLE provider_addresses ADD COLUMN registered_by text;

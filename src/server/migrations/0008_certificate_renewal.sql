-- Certificate renewal over the mutual-TLS channel: the current certificate (for an idempotent
-- repeat), when it was renewed, and the one it replaced, which authenticates until the new one
-- is first used.
ALTER TABLE workstations ADD COLUMN cert_pem text;
ALTER TABLE workstations ADD COLUMN cert_key_sha256 text;
ALTER TABLE workstations ADD COLUMN renewed_at timestamptz;
ALTER TABLE workstations ADD COLUMN previous_cert_fingerprint text;
ALTER TABLE workstations ADD COLUMN previous_cert_not_after timestamptz;
CREATE UNIQUE INDEX workstations_previous_cert_fingerprint_key ON workstations (previous_cert_fingerprint);

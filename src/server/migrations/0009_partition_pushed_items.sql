-- pushed_items, the largest table (every registration ever pushed), partitioned by municipality:
-- one partition per municipality, made by a trigger when the municipality is added, and a
-- default partition that stays empty (it catches a row only if a partition were missing).
-- PostgreSQL wants the partition key in every unique constraint, so the key becomes
-- (municipality_id, id): a workstation pushes only into its own municipality, so an item id is
-- still unique where it matters, and another municipality's rows are not even in the same table.
ALTER TABLE pushed_items RENAME TO pushed_items_unpartitioned;
ALTER INDEX pushed_items_provider_day_idx RENAME TO pushed_items_unpartitioned_provider_day_idx;
ALTER INDEX pushed_items_workstation_day_idx RENAME TO pushed_items_unpartitioned_workstation_day_idx;
ALTER INDEX pushed_items_attestation_idx RENAME TO pushed_items_unpartitioned_attestation_idx;

CREATE TABLE pushed_items (
  id uuid NOT NULL,
  type text NOT NULL,
  municipality_id text NOT NULL,
  provider_id text NOT NULL,
  workstation_id uuid NOT NULL,
  day date NOT NULL,
  content_hash text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, id)
) PARTITION BY LIST (municipality_id);
CREATE INDEX pushed_items_provider_day_idx ON pushed_items (provider_id, day, type);
CREATE INDEX pushed_items_workstation_day_idx ON pushed_items (workstation_id, day, type);
CREATE INDEX pushed_items_attestation_idx ON pushed_items (provider_id) WHERE type = 'attestation';
CREATE TABLE pushed_items_default PARTITION OF pushed_items DEFAULT;

CREATE FUNCTION pushed_items_partition_name(municipality text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT 'pushed_items_m_' || substr(md5(municipality), 1, 16) $$;

CREATE FUNCTION pushed_items_add_partition() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF pushed_items FOR VALUES IN (%L)',
                 pushed_items_partition_name(NEW.id), NEW.id);
  RETURN NEW;
END $$;
CREATE TRIGGER municipalities_pushed_items_partition AFTER INSERT ON municipalities
  FOR EACH ROW EXECUTE FUNCTION pushed_items_add_partition();

DO $$
DECLARE m text;
BEGIN
  FOR m IN SELECT id FROM municipalities LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF pushed_items FOR VALUES IN (%L)',
                   pushed_items_partition_name(m), m);
  END LOOP;
END $$;

INSERT INTO pushed_items SELECT id, type, municipality_id, provider_id, workstation_id, day,
  content_hash, payload, received_at FROM pushed_items_unpartitioned;
DROP TABLE pushed_items_unpartitioned;

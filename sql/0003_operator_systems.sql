-- Systems written by the operator's seed catalog files (Aloe:Catalog:SeedFiles) are marked, so that tenant
-- administrators cannot update or delete them through /systems/v2, and so that a system using LOCAL login or storage
-- is only ever used when the operator defined it. Idempotent: safe to run again.
--
-- Rows that exist when this runs are not marked: the seeder marks its own systems again at every start, and a LOCAL
-- system registered through the API before this rule existed stays unmarked, so the service refuses to use it.

ALTER TABLE aloe_systems ADD COLUMN IF NOT EXISTS operator_defined boolean NOT NULL DEFAULT false;

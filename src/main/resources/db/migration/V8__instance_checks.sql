-- Values every instance on this database must agree with, written once by the first instance and checked by each
-- one at start before it writes anything: a check value of each server secret (never the secret itself) and the
-- hash of the config file as it was last applied. written_by says which instance (host and data directory) wrote
-- the row, so a mismatch message can say where the right secrets are.
create table instance_check (
  name        varchar(64)   not null primary key,
  check_value varchar(500)  not null,
  written_by  varchar(500)  not null,
  written_at  ${timestamp}  not null
);

-- The admin API's credentials: bearer tokens (keyed hashes only) and server-held secrets such as the generated
-- admin password's PBKDF2 hash.
create sequence admin_token_seq start with 1 increment by 50;

create table admin_token (
  id              bigint        not null primary key,
  name            varchar(100)  not null,
  prefix          varchar(16)   not null,
  token_hash      char(64)      not null,
  created_at      ${timestamp}  not null,
  last_used_at    ${timestamp},
  revoked_at      ${timestamp},
  version         bigint        not null,
  constraint admin_token_name_unique unique (name),
  constraint admin_token_hash_unique unique (token_hash)
);

create table admin_secret (
  name        varchar(64)   not null primary key,
  secret      varchar(500)  not null,
  created_at  ${timestamp}  not null
);

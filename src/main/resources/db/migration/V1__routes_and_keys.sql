-- Routes and client keys; every id from a sequence (IDENTITY DDL differs between vendors and EclipseLink).
create sequence route_seq start with 1 increment by 50;
create sequence client_key_seq start with 1 increment by 50;

create table route (
  id              bigint        not null primary key,
  name            varchar(100)  not null,
  match_kind      varchar(16)   not null,
  pattern         varchar(200)  not null,
  provider        varchar(32)   not null,
  base_url        varchar(1000) not null,
  sealed_api_key  varchar(2000),
  upstream_model  varchar(200),
  is_default      boolean       not null,
  enabled         boolean       not null,
  sort_order      integer       not null,
  created_at      ${timestamp}  not null,
  updated_at      ${timestamp}  not null,
  version         bigint        not null,
  constraint route_name_unique unique (name)
);

create table client_key (
  id              bigint        not null primary key,
  name            varchar(100)  not null,
  prefix          varchar(16)   not null,
  key_hash        char(64)      not null,
  allowed_models  ${text},
  expires_at      ${timestamp},
  enabled         boolean       not null,
  created_at      ${timestamp}  not null,
  last_used_at    ${timestamp},
  version         bigint        not null,
  constraint client_key_name_unique unique (name),
  constraint client_key_hash_unique unique (key_hash)
);

-- One row; every change to routes or keys moves it, so every instance knows to reload its snapshot.
create table config_state (
  id       integer not null primary key,
  version  bigint  not null
);
insert into config_state (id, version) values (1, 1);

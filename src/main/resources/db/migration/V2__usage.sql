-- One row per proxied request, kept for the retention period (airouter.usage-retention-days). Small on purpose:
-- ids instead of names, no bodies, lengths that fit what is stored.
create sequence usage_record_seq start with 1 increment by 50;

create table usage_record (
  id                 bigint       not null primary key,
  at                 ${timestamp} not null,
  key_id             bigint       not null,
  route_id           bigint       not null,
  model              varchar(200) not null,
  upstream_model     varchar(200),
  endpoint           varchar(100) not null,
  status             smallint     not null,
  error_code         varchar(64),
  first_byte_ms      integer      not null,
  total_ms           integer      not null,
  prompt_tokens      integer      not null,
  completion_tokens  integer      not null,
  cached_tokens      integer      not null,
  reasoning_tokens   integer      not null,
  flags              smallint     not null,
  request_id         varchar(40)  not null
);
create index usage_record_at on usage_record (at);

-- Hourly totals per key, route and model: exact even when raw rows were dropped, kept indefinitely.
create table usage_hourly (
  hour_start         ${timestamp} not null,
  key_id             bigint       not null,
  route_id           bigint       not null,
  model              varchar(200) not null,
  requests           bigint       not null,
  errors             bigint       not null,
  client_gone        bigint       not null,
  prompt_tokens      bigint       not null,
  completion_tokens  bigint       not null,
  cached_tokens      bigint       not null,
  reasoning_tokens   bigint       not null,
  total_ms_sum       bigint       not null,
  total_ms_max       integer      not null,
  first_byte_ms_sum  bigint       not null,
  constraint usage_hourly_pk primary key (hour_start, key_id, route_id, model)
);
create index usage_hourly_key on usage_hourly (key_id, hour_start);
create index usage_hourly_route on usage_hourly (route_id, hour_start);

-- The same totals by UTC day: week and month views read 24 times fewer rows.
create table usage_daily (
  day_start          ${timestamp} not null,
  key_id             bigint       not null,
  route_id           bigint       not null,
  model              varchar(200) not null,
  requests           bigint       not null,
  errors             bigint       not null,
  client_gone        bigint       not null,
  prompt_tokens      bigint       not null,
  completion_tokens  bigint       not null,
  cached_tokens      bigint       not null,
  reasoning_tokens   bigint       not null,
  total_ms_sum       bigint       not null,
  total_ms_max       integer      not null,
  first_byte_ms_sum  bigint       not null,
  constraint usage_daily_pk primary key (day_start, key_id, route_id, model)
);

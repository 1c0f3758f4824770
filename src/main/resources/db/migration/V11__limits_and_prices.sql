-- Limits and budgets (issue 17). A client key may belong to a team; a key's and a team's limits (rpm, tpm,
-- maxConcurrent, per-model limits, budget) are one small JSON document in the names of the config file, read into
-- memory with the key snapshot, never per request. Version 9: 7 is left free for a branch that may still use it.
alter table client_key add team varchar(100);
alter table client_key add limit_policy varchar(2000);

create sequence team_seq start with 1 increment by 50;
create table team (
  id            bigint        not null primary key,
  name          varchar(100)  not null,
  limit_policy  varchar(2000),
  version       bigint        not null,
  constraint team_name_unique unique (name)
);

-- USD per million tokens by upstream model (exact or glob), optionally per provider, from a date on: a price change is
-- a new row, so what was charged before keeps its price.
create sequence price_seq start with 1 increment by 50;
create table price (
  id                     bigint           not null primary key,
  model                  varchar(200)     not null,
  provider               varchar(40),
  input_per_mtok         double precision not null,
  cached_input_per_mtok  double precision,
  output_per_mtok        double precision not null,
  effective_from         date             not null,
  version                bigint           not null
);

-- What each request cost when it was written, in billionths of a USD (integers sum exactly); never repriced.
-- unpriced counts requests whose model had no price (cost 0).
alter table usage_record add cost_nanos bigint default 0 not null;
alter table usage_hourly add cost_nanos bigint default 0 not null;
alter table usage_hourly add unpriced bigint default 0 not null;
alter table usage_daily add cost_nanos bigint default 0 not null;
alter table usage_daily add unpriced bigint default 0 not null;

-- Failover (issue 16): a route becomes a list of targets, each an upstream with every field a route had, plus its
-- name (unique in the route), priority, weight, enabled flag and timeouts (a JSON object, null fields: defaults).
-- Each existing route becomes one target named 'primary' carrying its upstream fields, its sealed key and sealed
-- headers as they were (the same SecretBox output, so nothing is opened here). Target ids come from route_seq, like
-- route ids: the migrated target takes its route's id, which the sequence never hands out again.
create table route_target (
  id              bigint        not null primary key,
  route_id        bigint        not null,
  sort_order      integer       not null,
  name            varchar(100)  not null,
  provider        varchar(32)   not null,
  base_url        varchar(1000) not null,
  sealed_api_key  varchar(2000),
  upstream_model  varchar(200),
  api_version     varchar(40),
  deployments     varchar(2000),
  sealed_headers  varchar(4000),
  query_params    varchar(1000),
  priority        integer       not null,
  weight          integer       not null,
  enabled         boolean       not null,
  timeouts        varchar(500),
  constraint route_target_route foreign key (route_id) references route (id) on delete cascade,
  constraint route_target_name_unique unique (route_id, name)
);

insert into route_target (id, route_id, sort_order, name, provider, base_url, sealed_api_key, upstream_model,
                          api_version, deployments, sealed_headers, query_params, priority, weight, enabled, timeouts)
  select id, id, 0, 'primary', provider, base_url, sealed_api_key, upstream_model,
         api_version, deployments, sealed_headers, query_params, 0, 1, true, null
  from route;

alter table route drop column provider;
alter table route drop column base_url;
alter table route drop column sealed_api_key;
alter table route drop column upstream_model;
alter table route drop column api_version;
alter table route drop column deployments;
alter table route drop column sealed_headers;
alter table route drop column query_params;

-- The route's failover settings; null is the default (maxAttempts 3, no retry on timeout, no fallbacks, no
-- stickiness, global timeouts, keepalive after 10 s), so a migrated route behaves as before. fallbacks is a JSON
-- array of route names, timeouts a JSON object.
alter table route add max_attempts integer;
alter table route add retry_on_timeout boolean;
alter table route add fallbacks varchar(1000);
alter table route add sticky varchar(200);
alter table route add timeouts varchar(500);
alter table route add keepalive_after_ms integer;

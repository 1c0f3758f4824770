-- Payload capture (issue 22): request and answer bodies of the routes and keys an admin switched capture on for,
-- redacted and capped before they are written; deleted past the retention period. Times are epoch milliseconds.
create table capture (
  id                  varchar(40)   not null primary key,
  at_ms               bigint        not null,
  request_id          varchar(64),
  route               varchar(100),
  client_key          varchar(100),
  endpoint            varchar(100),
  model               varchar(200),
  stream              boolean       not null,
  status              integer       not null,
  error_code          varchar(100),
  request_bytes       bigint        not null,
  request_truncated   boolean       not null,
  answer_bytes        bigint        not null,
  answer_truncated    boolean       not null,
  request_body        ${longtext},
  answer_body         ${longtext}
);
create index capture_at on capture (at_ms);

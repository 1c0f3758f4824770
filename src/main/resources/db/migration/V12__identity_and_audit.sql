-- Identity and audit (issue 21). Admin tokens get a role (existing tokens keep full rights); named console users sign
-- in with a PBKDF2-hashed password (the bootstrap admin password's scheme) and a role; every change and sign-in is an
-- audit event, which the application only ever inserts (and deletes past the retention period).
alter table admin_token add role varchar(16) default 'admin' not null;

create sequence console_user_seq start with 1 increment by 50;
create table console_user (
  id             bigint        not null primary key,
  name           varchar(100)  not null,
  password_hash  varchar(200),
  role           varchar(16)   not null,
  team           varchar(100),
  created_at     ${timestamp}  not null,
  version        bigint        not null,
  constraint console_user_name_unique unique (name)
);

create sequence audit_event_seq start with 1 increment by 50;
create table audit_event (
  id           bigint        not null primary key,
  at           ${timestamp}  not null,
  actor        varchar(200)  not null,
  address      varchar(64),
  action       varchar(40)   not null,
  target_type  varchar(40),
  target       varchar(200),
  detail       ${text}
);
create index audit_event_at on audit_event (at);

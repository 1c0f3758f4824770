-- Self-service for members (issue 21): every client key may have an owner (the console user who issued it, or whom an
-- admin issued it for); keys issued before, by admin tokens or by the config file have none. A user can be disabled
-- (kept, but no sign-in) rather than deleted, so the owner of their keys stays known.
alter table client_key add owner varchar(100);
create index client_key_owner on client_key (owner);
alter table console_user add disabled boolean default false not null;

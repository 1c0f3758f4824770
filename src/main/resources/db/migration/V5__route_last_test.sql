-- The outcome of each route's last online test, kept on its row so the route list and the admin API still show it
-- after a restart (and on every instance). Written by an update of its own, never through the route entity, so a
-- test moves neither the route's version (an open edit form stays valid) nor the config version (no reload).
-- The message is short on purpose: the start of the answer, or of the upstream's error.
alter table route add last_test_at ${timestamp};
alter table route add last_test_ok boolean;
alter table route add last_test_status integer;
alter table route add last_test_first_byte_ms integer;
alter table route add last_test_total_ms integer;
alter table route add last_test_message varchar(200);

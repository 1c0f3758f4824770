-- Failover (issue 16): which target of the route answered a request, and how many upstream calls it took. Null on
-- rows from before, and for requests that never reached an upstream (refused by the router).
alter table usage_record add target varchar(100);
alter table usage_record add attempts smallint;

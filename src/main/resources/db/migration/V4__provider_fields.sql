-- Provider-specific route fields: Azure's api-version and model → deployment map, and extra headers and query
-- parameters for relays that need their own. Maps are JSON objects; the headers are sealed like the provider key,
-- since a header may carry a credential. Sized explicitly rather than ${text}: on MariaDB (utf8mb4, 4 bytes a
-- character) three more varchar(8000) columns would pass its 64 KiB row limit.
alter table route add api_version varchar(40);
alter table route add deployments varchar(2000);
alter table route add sealed_headers varchar(4000);
alter table route add query_params varchar(1000);

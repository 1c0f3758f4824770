-- Which /v1 endpoint groups a client key may reach (comma-separated names, see EndpointGroup). Null is the default:
-- inference only for a key limited to some models, everything for one that is not, so existing keys keep their reach
-- unless they have a model list.
alter table client_key add allowed_endpoints varchar(1000);

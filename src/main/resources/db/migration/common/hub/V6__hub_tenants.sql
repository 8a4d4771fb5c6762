-- The hub's tenants (NGSILD-Tenant): a tenant comes to be with the first thing created in it
-- (an entity, a subscription, a history, a registration) and stays; every other operation on a
-- tenant not here is 404 NonexistentTenant (NGSI-LD clause 5.5.10). The default tenant ('') always is.
CREATE TABLE hub_tenant (
    tenant varchar(64) NOT NULL PRIMARY KEY
);
INSERT INTO hub_tenant (tenant)
SELECT tenant FROM hub_entity WHERE tenant <> ''
UNION SELECT tenant FROM hub_subscription WHERE tenant <> ''
UNION SELECT tenant FROM hub_temporal_entity WHERE tenant <> '';

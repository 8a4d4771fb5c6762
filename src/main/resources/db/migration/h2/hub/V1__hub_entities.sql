-- The data hub's entities (NGSI-LD), each kept in JSON-LD's expanded form (every term an IRI) as
-- JSON text (JSONB on PostgreSQL), so that any context reads it; one row per entity and tenant (NGSILD-Tenant, '' by default).
CREATE TABLE hub_entity (
    tenant varchar(64) NOT NULL,
    id varchar(1024) NOT NULL,
    body CLOB NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, id)
);

-- An entity's types (expanded IRIs), for queries by type: one row per type.
CREATE TABLE hub_entity_type (
    tenant varchar(64) NOT NULL,
    type varchar(1024) NOT NULL,
    entity_id varchar(1024) NOT NULL,
    PRIMARY KEY (tenant, type, entity_id),
    FOREIGN KEY (tenant, entity_id) REFERENCES hub_entity (tenant, id) ON DELETE CASCADE
);
CREATE INDEX hub_entity_type_entity ON hub_entity_type (tenant, entity_id);

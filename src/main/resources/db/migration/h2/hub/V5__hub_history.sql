-- The temporal evolution of entities (NGSI-LD temporal API, clauses 5.6.11 to 5.6.16, 5.7.3, 5.7.4):
-- every instance an attribute has had, one row each, written in the same transaction as the change
-- of the current state (or by the temporal API itself). recorded_at is when the hub took it (the
-- instance's createdAt); observed_at its observedAt, by which timerel looks unless asked otherwise.
CREATE TABLE hub_attribute_instance (
    tenant varchar(64) NOT NULL,
    entity_id varchar(1024) NOT NULL,
    attribute varchar(1024) NOT NULL,
    dataset_id varchar(1024) NOT NULL,
    instance_id varchar(64) NOT NULL,
    observed_at TIMESTAMP WITH TIME ZONE,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL,
    body CLOB NOT NULL
);
CREATE INDEX hub_attribute_instance_entity ON hub_attribute_instance (tenant, entity_id, attribute, observed_at);
CREATE INDEX hub_attribute_instance_recorded ON hub_attribute_instance (tenant, entity_id, attribute, recorded_at);
CREATE INDEX hub_attribute_instance_id ON hub_attribute_instance (tenant, entity_id, instance_id);
-- The entities that have a temporal representation, with their types. A history stays until the
-- temporal API deletes it: deleting an entity's current state leaves what it was.
CREATE TABLE hub_temporal_entity (
    tenant varchar(64) NOT NULL,
    id varchar(1024) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE TABLE hub_temporal_type (
    tenant varchar(64) NOT NULL,
    type varchar(1024) NOT NULL,
    entity_id varchar(1024) NOT NULL,
    PRIMARY KEY (tenant, type, entity_id),
    FOREIGN KEY (tenant, entity_id) REFERENCES hub_temporal_entity (tenant, id) ON DELETE CASCADE
);
CREATE INDEX hub_temporal_type_entity ON hub_temporal_type (tenant, entity_id);

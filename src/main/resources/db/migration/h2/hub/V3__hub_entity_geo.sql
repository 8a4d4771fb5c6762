-- Where entities are: one row per instance of each GeoProperty, as WKT (WGS 84) with its bounding
-- box. H2 has no spatial functions: the box narrows a geo-query down and the hub decides each
-- entity exactly with JTS.
CREATE TABLE hub_entity_geo (
    tenant varchar(64) NOT NULL,
    entity_id varchar(1024) NOT NULL,
    attribute varchar(1024) NOT NULL,
    wkt CLOB NOT NULL,
    min_x DOUBLE PRECISION NOT NULL,
    min_y DOUBLE PRECISION NOT NULL,
    max_x DOUBLE PRECISION NOT NULL,
    max_y DOUBLE PRECISION NOT NULL,
    FOREIGN KEY (tenant, entity_id) REFERENCES hub_entity (tenant, id) ON DELETE CASCADE
);
CREATE INDEX hub_entity_geo_entity ON hub_entity_geo (tenant, entity_id);
CREATE INDEX hub_entity_geo_box ON hub_entity_geo (tenant, attribute, min_x, max_x);

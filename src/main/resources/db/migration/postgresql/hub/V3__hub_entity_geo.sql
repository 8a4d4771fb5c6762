-- Where entities are: one row per instance of each GeoProperty (location, observationSpace, ...),
-- as a PostGIS geometry (WGS 84, longitude and latitude) with GiST indexes, so that geo-queries
-- look only at entities near the query's geometry: one on the geometry (within, contains,
-- intersects, ...) and one on its geography, for near;maxDistance in metres (ST_DWithin).
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE hub_entity_geo (
    tenant varchar(64) NOT NULL,
    entity_id varchar(1024) NOT NULL,
    attribute varchar(1024) NOT NULL,
    geom geometry(Geometry, 4326) NOT NULL,
    FOREIGN KEY (tenant, entity_id) REFERENCES hub_entity (tenant, id) ON DELETE CASCADE
);
CREATE INDEX hub_entity_geo_entity ON hub_entity_geo (tenant, entity_id);
CREATE INDEX hub_entity_geo_geom ON hub_entity_geo USING gist (geom);
CREATE INDEX hub_entity_geo_geography ON hub_entity_geo USING gist ((geom::geography));

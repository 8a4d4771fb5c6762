-- Each attribute instance's own createdAt and modifiedAt (NGSI-LD clause 4.8), apart from the
-- body so that answers without sysAttrs read the body as it is: JSON {attribute: {datasetId or "":
-- [createdAt, modifiedAt]}}; null while they are the entity's own (after its creation). Plain
-- text: it is read whole with the entity, never queried.
ALTER TABLE hub_entity ADD COLUMN attribute_times text;

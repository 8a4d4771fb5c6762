-- Context source registrations (NGSI-LD clause 5.9): each as its client wrote it (compact JSON,
-- without @context) with the @context it was written in, as subscriptions are kept, so that it is
-- given back as written and read again in its own context for queries.
CREATE TABLE hub_registration (
    tenant varchar(64) NOT NULL,
    id varchar(1024) NOT NULL,
    body CLOB NOT NULL,
    context CLOB NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX hub_registration_created ON hub_registration (tenant, created_at, id);

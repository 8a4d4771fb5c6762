-- JSON-LD contexts the hub hosts for its clients (NGSI-LD clause 5.13: POST /jsonldContexts), each
-- the document as its client sent it, under an id the hub made (local_id), private to its tenant
-- for the API; contexts fetched from elsewhere (kind Cached) are kept in memory, not here.
CREATE TABLE hub_context (
    local_id varchar(64) NOT NULL PRIMARY KEY,
    tenant varchar(64) NOT NULL,
    kind varchar(32) NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX hub_context_tenant ON hub_context (tenant, created_at);

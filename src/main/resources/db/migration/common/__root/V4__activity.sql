-- activity: every resident's timeline. (submitter, idempotency_key) is unique, so a repeated
-- submission (a retry, a redelivered event, a double tap) is stored once.
CREATE TABLE activity (
    id              UUID         NOT NULL PRIMARY KEY,
    resident        UUID         NOT NULL,
    type            VARCHAR(30)  NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    place           VARCHAR(200),
    source          VARCHAR(10)  NOT NULL,
    submitter       VARCHAR(100) NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT activity_once UNIQUE (submitter, idempotency_key)
);
CREATE INDEX activity_timeline ON activity (resident, occurred_at);

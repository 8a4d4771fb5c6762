-- events: local and health events, farm days, seminars; sign-ups with a waitlist; check-in.
CREATE TABLE event (
    id           UUID          NOT NULL PRIMARY KEY,
    title        VARCHAR(200)  NOT NULL,
    description  VARCHAR(4000) NOT NULL,
    place        VARCHAR(200)  NOT NULL,
    kind         VARCHAR(20)   NOT NULL,
    starts_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    capacity     INT           NOT NULL,
    target_areas VARCHAR(200)  NOT NULL,
    created_by   VARCHAR(64)   NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX event_starts ON event (starts_at);

CREATE TABLE event_signup (
    id            UUID        NOT NULL PRIMARY KEY,
    event_id      UUID        NOT NULL REFERENCES event (id),
    resident      UUID        NOT NULL,
    status        VARCHAR(12) NOT NULL,
    signed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    checked_in_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT event_signup_once UNIQUE (event_id, resident)
);
CREATE INDEX event_signup_resident ON event_signup (resident);

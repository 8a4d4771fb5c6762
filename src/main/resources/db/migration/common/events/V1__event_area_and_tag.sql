-- events: the areas an event is offered to and its tags as rows instead of comma-separated text,
-- so "events with tag X" is an indexed question; filled by V2, whose columns V3 drops.
CREATE TABLE event_area (
    event_id UUID        NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    area     VARCHAR(20) NOT NULL,
    PRIMARY KEY (event_id, area)
);

CREATE TABLE event_tag (
    event_id UUID        NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    tag      VARCHAR(40) NOT NULL,
    position INT         NOT NULL,
    PRIMARY KEY (event_id, tag)
);
CREATE INDEX event_tag_by_tag ON event_tag (tag);

-- who came to an event, asked by event: sign-ups checked in
CREATE INDEX event_signup_checked_in ON event_signup (event_id, checked_in_at);

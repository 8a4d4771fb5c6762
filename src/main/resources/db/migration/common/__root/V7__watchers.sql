-- residents: family members and volunteers who watch over a resident, only while the resident agrees.
CREATE TABLE watcher_link (
    id           UUID        NOT NULL PRIMARY KEY,
    resident     UUID        NOT NULL,
    watcher      UUID        NOT NULL,
    relation     VARCHAR(20) NOT NULL,
    status       VARCHAR(10) NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    approved_at  TIMESTAMP WITH TIME ZONE,
    ended_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX watcher_link_resident ON watcher_link (resident);
CREATE INDEX watcher_link_watcher ON watcher_link (watcher);

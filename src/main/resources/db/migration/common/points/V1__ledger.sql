-- points: a double-entry ledger. A journal entry (points_journal) is one event of the ledger (an
-- award, a spend, an expiry, a correction); its lines (points_line) move points between accounts
-- and sum to zero. Nothing is ever updated or deleted in either; a correction is a reversing entry.
-- points_account caches each account's balance, changed in the same transaction as its lines.
CREATE TABLE points_account (
    id       VARCHAR(80) NOT NULL PRIMARY KEY,   -- program:<code>, resident:<uuid>, shop:<uuid>, expiry
    kind     VARCHAR(12) NOT NULL,
    balance  BIGINT      NOT NULL
);

CREATE TABLE points_journal (
    id          UUID         NOT NULL PRIMARY KEY,
    kind        VARCHAR(12)  NOT NULL,
    -- what caused it, once: activity:<id> for an award, so a redelivered event awards nothing twice
    source      VARCHAR(200) NOT NULL,
    resident    UUID,
    reason      VARCHAR(40)  NOT NULL,           -- the activity type of an award, or what else it was
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    memo        VARCHAR(200) NOT NULL,
    actor       VARCHAR(100) NOT NULL,
    CONSTRAINT points_journal_once UNIQUE (source)
);
CREATE INDEX points_journal_resident ON points_journal (resident, occurred_at);

CREATE TABLE points_line (
    journal_id UUID        NOT NULL REFERENCES points_journal (id),
    account    VARCHAR(80) NOT NULL REFERENCES points_account (id),
    amount     BIGINT      NOT NULL,
    PRIMARY KEY (journal_id, account)
);
CREATE INDEX points_line_account ON points_line (account);

-- what each kind of activity earns, with caps per resident (administrators edit these)
CREATE TABLE points_rule (
    activity_type VARCHAR(30) NOT NULL PRIMARY KEY,
    points        INT         NOT NULL,
    daily_cap     INT         NOT NULL,
    monthly_cap   INT         NOT NULL
);
INSERT INTO points_rule (activity_type, points, daily_cap, monthly_cap) VALUES
    ('CHECK_IN', 10, 10, 200),
    ('EVENT_ATTENDED', 30, 60, 600),
    ('HEALTH_CONSULTATION', 20, 20, 200),
    ('FARM_WORK', 20, 40, 400),
    ('VITALS_TAKEN', 10, 10, 200),
    ('VIDEO_WATCHED', 2, 10, 100);

-- the programme that pays for activity points, funded by the city with its first budget (a journal
-- entry like any other: the city's account goes below zero by what it put in); expiry receives what
-- lapses. The programme's balance is never overdrawn.
INSERT INTO points_account (id, kind, balance) VALUES ('city', 'FUNDER', -1000000);
INSERT INTO points_account (id, kind, balance) VALUES ('program:activity', 'PROGRAM', 1000000);
INSERT INTO points_account (id, kind, balance) VALUES ('expiry', 'EXPIRY', 0);
INSERT INTO points_journal (id, kind, source, resident, reason, occurred_at, recorded_at, memo, actor)
    VALUES ('7f0c4d2a-1b3e-4c5d-9e6f-000000000001', 'FUNDING', 'funding:activity:initial', NULL, 'BUDGET',
            TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+00',
            'first budget of the activity points programme', 'system');
INSERT INTO points_line (journal_id, account, amount) VALUES
    ('7f0c4d2a-1b3e-4c5d-9e6f-000000000001', 'city', -1000000),
    ('7f0c4d2a-1b3e-4c5d-9e6f-000000000001', 'program:activity', 1000000);

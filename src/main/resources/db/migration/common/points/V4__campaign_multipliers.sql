-- points campaigns: for a period, an activity (or all) earns more for a segment of residents (an
-- area, an age from). While one applies, the rule's points and its daily and monthly caps are
-- multiplied by percent / 100 for that award; of several that apply, the largest counts.
CREATE TABLE points_multiplier (
    id            UUID         NOT NULL PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    activity_type VARCHAR(30),            -- NULL: every activity that earns points
    area          VARCHAR(30),            -- NULL: every area
    min_age       INT,                    -- NULL: every age
    starts_on     DATE         NOT NULL,  -- Japan's days, both included
    ends_on       DATE         NOT NULL,
    percent       INT          NOT NULL,
    created_by    VARCHAR(100) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT points_multiplier_percent CHECK (percent BETWEEN 101 AND 500),
    CONSTRAINT points_multiplier_period CHECK (ends_on >= starts_on)
);
CREATE INDEX points_multiplier_period ON points_multiplier (ends_on, starts_on);

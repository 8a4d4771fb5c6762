-- outreach: its own read model of who can be reached, fed by what residents, activity and events
-- announce (ResidentRegistered, ActivityRecorded, AttendanceRecorded), so that "how many does this
-- segment reach" is one indexed query and a resident's home one row, never a loop over timelines.
CREATE TABLE outreach_audience (
    resident       UUID        NOT NULL PRIMARY KEY,
    area           VARCHAR(20) NOT NULL,
    birth_date     DATE        NOT NULL,
    last_outing_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outreach_audience_area_birth ON outreach_audience (area, birth_date, last_outing_at);
CREATE INDEX outreach_audience_birth ON outreach_audience (birth_date, last_outing_at);
CREATE INDEX outreach_audience_last_outing ON outreach_audience (last_outing_at);

-- who was checked in at which event, and so showed an interest in each of its tags
CREATE TABLE outreach_attendance (
    event_id UUID NOT NULL,
    resident UUID NOT NULL,
    PRIMARY KEY (event_id, resident)
);
CREATE INDEX outreach_attendance_resident ON outreach_attendance (resident);

CREATE TABLE outreach_interest (
    tag      VARCHAR(40) NOT NULL,
    resident UUID        NOT NULL,
    PRIMARY KEY (tag, resident)
);
CREATE INDEX outreach_interest_resident ON outreach_interest (resident);

-- what the platform already knows when this runs (the modules it listens to migrate first)
INSERT INTO outreach_audience (resident, area, birth_date, last_outing_at)
SELECT r.account_id, r.area, r.birth_date,
       (SELECT MAX(a.occurred_at) FROM activity a WHERE a.resident = r.account_id
          AND a.type IN ('CHECK_IN', 'EVENT_ATTENDED', 'HEALTH_CONSULTATION', 'FARM_WORK', 'VITALS_TAKEN', 'COUPON_USED'))
  FROM resident r;

INSERT INTO outreach_attendance (event_id, resident)
SELECT DISTINCT s.event_id, s.resident FROM event_signup s WHERE s.checked_in_at IS NOT NULL;

INSERT INTO outreach_interest (tag, resident)
SELECT DISTINCT t.tag, s.resident FROM event_signup s JOIN event_tag t ON t.event_id = s.event_id
 WHERE s.checked_in_at IS NOT NULL;

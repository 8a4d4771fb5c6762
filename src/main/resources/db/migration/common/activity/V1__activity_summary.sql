-- activity: one row per resident with what watching-over, segments and KPIs ask most (the last
-- outing, outings this week and this month, the last tablet use), kept in the same transaction as
-- each activity so nobody has to scan timelines. Weeks start on Monday, both in Japan's time.
CREATE TABLE activity_summary (
    resident        UUID    NOT NULL PRIMARY KEY,
    last_outing_at  TIMESTAMP WITH TIME ZONE,
    last_tablet_at  TIMESTAMP WITH TIME ZONE,
    week_start      DATE    NOT NULL,
    outings_week    INT     NOT NULL,
    month_start     DATE    NOT NULL,
    outings_month   INT     NOT NULL
);
CREATE INDEX activity_summary_last_outing ON activity_summary (last_outing_at);

-- ShedLock's lock table: a scheduled job runs on one instance at a time (the release of unclaimed
-- food reservations first; points expiry next). Platform-wide: here until the platform has a place
-- for its own migrations. Columns as ShedLock's JdbcTemplateLockProvider expects them: plain
-- TIMESTAMP, written and compared in the database's own UTC time (usingDbTime), never a JVM clock.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP(3)   NOT NULL,
    locked_at  TIMESTAMP(3)   NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);

-- ShedLock's table (platform.SingleInstanceJobs): one row per scheduled job that runs on exactly one
-- instance, locked until lock_until while that instance runs it.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);

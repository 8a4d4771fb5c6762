-- vitals: measurements (blood pressure, pulse, weight, body fat, temperature, SpO2, steps), the
-- measuring stations that post them, the thresholds that say when one is out of range, and CSV imports.
-- A measurement is one per (device, kind, time): a retried post, a re-sent Bundle or a re-imported
-- file finds the row the first one stored (unique constraint), so nothing is counted twice.
CREATE TABLE vital_measurement (
    id           UUID          NOT NULL PRIMARY KEY,
    resident_id  UUID          NOT NULL REFERENCES account (id),
    kind         VARCHAR(20)   NOT NULL,              -- VitalKind
    taken_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    value1       NUMERIC(9, 2) NOT NULL,              -- systolic for blood pressure
    value2       NUMERIC(9, 2),                       -- diastolic for blood pressure, else null
    device       VARCHAR(120)  NOT NULL,              -- station:<client id>, desk, import:<vendor device>
    source       VARCHAR(10)   NOT NULL,              -- STATION, DESK, IMPORT
    place        VARCHAR(200),
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by  VARCHAR(120)  NOT NULL,
    CONSTRAINT vital_measurement_once UNIQUE (device, kind, taken_at)
);
CREATE INDEX vital_measurement_resident ON vital_measurement (resident_id, kind, taken_at);

-- a measuring station at an exchange area: an OAuth client (client credentials, scope vitals.write)
CREATE TABLE vital_station (
    client_id   VARCHAR(100) NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    place       VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(100) NOT NULL
);

-- where a reading stops being "as usual"; null bounds are not checked
CREATE TABLE vital_threshold (
    kind        VARCHAR(20)   NOT NULL PRIMARY KEY,
    low1        NUMERIC(9, 2),
    high1       NUMERIC(9, 2),
    low2        NUMERIC(9, 2),
    high2       NUMERIC(9, 2),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(100)  NOT NULL
);
-- defaults from public guidelines: home blood pressure, the Japanese Society of Hypertension's 2019
-- guideline (hypertension at 135/85 mmHg or more at home; below 90/60 counted low); pulse 50-100/min;
-- fever from 37.5 °C (Japan's infectious-disease notification criteria) and below 35.0 °C low;
-- SpO2 below 95 %. Weight, body fat and steps get no band: they need height, sex or a goal.
INSERT INTO vital_threshold (kind, low1, high1, low2, high2, updated_at, updated_by) VALUES
    ('BLOOD_PRESSURE', 90, 135, 60, 85, TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+09:00', 'default'),
    ('PULSE', 50, 100, NULL, NULL, TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+09:00', 'default'),
    ('BODY_TEMPERATURE', 35.0, 37.5, NULL, NULL, TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+09:00', 'default'),
    ('SPO2', 95, NULL, NULL, NULL, TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+09:00', 'default');

-- a CSV import: its progress while it runs and its report after
CREATE TABLE vital_import (
    id           UUID          NOT NULL PRIMARY KEY,
    file_name    VARCHAR(200)  NOT NULL,
    file_sha256  VARCHAR(64)   NOT NULL,
    status       VARCHAR(10)   NOT NULL,              -- RUNNING, DONE, FAILED
    rows_total   INT           NOT NULL,
    rows_done    INT           NOT NULL,
    rows_stored  INT           NOT NULL,
    rows_already INT           NOT NULL,
    rows_bad     INT           NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    started_by   VARCHAR(100)  NOT NULL
);
CREATE INDEX vital_import_started ON vital_import (started_at);

CREATE TABLE vital_import_error (
    import_id   UUID          NOT NULL REFERENCES vital_import (id),
    row_number  INT           NOT NULL,
    column_name VARCHAR(40)   NOT NULL,
    problem     VARCHAR(300)  NOT NULL,
    PRIMARY KEY (import_id, row_number, column_name)
);

-- outreach: notices for everyone or for a segment of residents chosen by simple criteria.
CREATE TABLE notice (
    id               UUID          NOT NULL PRIMARY KEY,
    title            VARCHAR(200)  NOT NULL,
    body             VARCHAR(4000) NOT NULL,
    area             VARCHAR(20),
    min_age          INT,
    max_age          INT,
    not_out_for_days INT,
    shown_from       DATE          NOT NULL,
    shown_until      DATE          NOT NULL,
    created_by       VARCHAR(64)   NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX notice_shown ON notice (shown_from, shown_until);

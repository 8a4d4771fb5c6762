-- residents: consent to share personal data with one partner for one purpose, with the wording
-- version the resident agreed to; withdrawal keeps the row (when it was given and withdrawn matters).
CREATE TABLE data_sharing_consent (
    id              UUID         NOT NULL PRIMARY KEY,
    resident        UUID         NOT NULL,
    partner         VARCHAR(100) NOT NULL,
    purpose         VARCHAR(40)  NOT NULL,
    wording_version VARCHAR(10)  NOT NULL,
    given_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    withdrawn_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX data_sharing_consent_lookup ON data_sharing_consent (resident, partner, purpose);

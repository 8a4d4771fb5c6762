-- identity: pairwise subjects, spent refresh tokens (reuse revokes the chain), sign-in failure counters.

-- One identifier per partner sector and account (OpenID Connect Core 8.1); never reused or changed.
CREATE TABLE pairwise_subject (
    sector          VARCHAR(253) NOT NULL,
    account_subject VARCHAR(64)  NOT NULL,
    subject         VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sector, account_subject)
);
CREATE UNIQUE INDEX pairwise_subject_by_subject ON pairwise_subject (sector, subject);

-- Refresh tokens already exchanged for new ones (SHA-256, base64url). Presenting one again means
-- the chain leaked: the authorization it belongs to is revoked (RFC 9700 4.14.2).
CREATE TABLE spent_refresh_token (
    token_hash       VARCHAR(64)  NOT NULL PRIMARY KEY,
    authorization_id VARCHAR(100) NOT NULL,
    spent_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX spent_refresh_token_authorization ON spent_refresh_token (authorization_id);
CREATE INDEX spent_refresh_token_spent_at ON spent_refresh_token (spent_at);

-- Wrong sign-ins counted per typed login name (hashed; the same for names that have no account)
-- and per source address; an attempt is counted before its password is compared.
CREATE TABLE sign_in_failure (
    counter_key    VARCHAR(100) NOT NULL PRIMARY KEY,
    failures       INT          NOT NULL,
    window_ends_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until   TIMESTAMP WITH TIME ZONE
);

-- The account's own counter is replaced by sign_in_failure.
ALTER TABLE account DROP COLUMN failed_logins;
ALTER TABLE account DROP COLUMN locked_until;

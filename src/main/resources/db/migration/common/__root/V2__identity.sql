-- identity: Sapporo Smart ID accounts, one-time first-login codes, signing keys.
CREATE TABLE account (
    id               UUID         NOT NULL PRIMARY KEY,
    -- stable opaque subject handed to relying parties as "sub"; never the login name
    subject          VARCHAR(64)  NOT NULL UNIQUE,
    -- what a person types to sign in: an e-mail address, a phone number or a help-desk login id
    login_name       VARCHAR(254) NOT NULL UNIQUE,
    password_hash    VARCHAR(500),
    display_name     VARCHAR(200) NOT NULL,
    roles            VARCHAR(200) NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    locale           VARCHAR(10)  NOT NULL,
    failed_logins    INT          NOT NULL DEFAULT 0,
    locked_until     TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE first_login_code (
    account_id  UUID         NOT NULL PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    code_hash   VARCHAR(500) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_by   VARCHAR(64)  NOT NULL,
    failed_uses INT          NOT NULL DEFAULT 0
);

CREATE TABLE signing_key (
    kid         VARCHAR(64)   NOT NULL PRIMARY KEY,
    algorithm   VARCHAR(10)   NOT NULL,
    private_jwk VARCHAR(8000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- after this instant the key no longer signs; it stays in the JWKS until published_until
    retired_at  TIMESTAMP WITH TIME ZONE,
    published_until TIMESTAMP WITH TIME ZONE
);

CREATE TABLE audit_entry (
    id          UUID         NOT NULL PRIMARY KEY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    subject     VARCHAR(64),
    detail      VARCHAR(1000)
);
CREATE INDEX audit_entry_at ON audit_entry (at);

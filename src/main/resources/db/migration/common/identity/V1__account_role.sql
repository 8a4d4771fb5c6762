-- identity: an account's roles as rows instead of comma-separated text, so "who has role X" is an
-- indexed question; filled from account.roles by V2, which V3 then drops.
CREATE TABLE account_role (
    account_id UUID        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role       VARCHAR(20) NOT NULL,
    PRIMARY KEY (account_id, role)
);
CREATE INDEX account_role_by_role ON account_role (role);

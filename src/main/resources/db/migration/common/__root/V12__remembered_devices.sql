-- identity: "stay signed in on this tablet" (Spring Security persistent remember-me tokens).
CREATE TABLE persistent_logins (
    username  VARCHAR(64) NOT NULL,
    series    VARCHAR(64) NOT NULL PRIMARY KEY,
    token     VARCHAR(64) NOT NULL,
    last_used TIMESTAMP   NOT NULL
);
CREATE INDEX persistent_logins_user ON persistent_logins (username);

-- identity: every token Spring Authorization Server looks an authorization up by gets an index, so
-- refresh, userinfo, introspection and revocation stay one index probe however many sign-ins the
-- table holds. Hash indexes: equality is the only lookup, token values are long, NULLs are not stored.
CREATE INDEX oauth2_authorization_state ON oauth2_authorization USING hash (state);
CREATE INDEX oauth2_authorization_code ON oauth2_authorization USING hash (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token ON oauth2_authorization USING hash (access_token_value);
CREATE INDEX oauth2_authorization_id_token ON oauth2_authorization USING hash (oidc_id_token_value);
CREATE INDEX oauth2_authorization_refresh_token ON oauth2_authorization USING hash (refresh_token_value);
CREATE INDEX oauth2_authorization_user_code ON oauth2_authorization USING hash (user_code_value);
CREATE INDEX oauth2_authorization_device_code ON oauth2_authorization USING hash (device_code_value);
-- sign-out finds a person's authorizations across clients
CREATE INDEX oauth2_authorization_principal_name ON oauth2_authorization (principal_name);

-- identity: every token Spring Authorization Server looks an authorization up by gets an index, so
-- refresh, userinfo, introspection and revocation stay one index probe however many sign-ins the
-- table holds. H2 cannot index BLOBs, so the token values become text (Spring Authorization Server
-- reads the column types and binds text then); what is stored is converted, not dropped.
ALTER TABLE oauth2_authorization ADD COLUMN authorization_code_value_text VARCHAR(16000);
UPDATE oauth2_authorization SET authorization_code_value_text = UTF8TOSTRING(authorization_code_value) WHERE authorization_code_value IS NOT NULL;
ALTER TABLE oauth2_authorization DROP COLUMN authorization_code_value;
ALTER TABLE oauth2_authorization ALTER COLUMN authorization_code_value_text RENAME TO authorization_code_value;
ALTER TABLE oauth2_authorization ADD COLUMN access_token_value_text VARCHAR(16000);
UPDATE oauth2_authorization SET access_token_value_text = UTF8TOSTRING(access_token_value) WHERE access_token_value IS NOT NULL;
ALTER TABLE oauth2_authorization DROP COLUMN access_token_value;
ALTER TABLE oauth2_authorization ALTER COLUMN access_token_value_text RENAME TO access_token_value;
ALTER TABLE oauth2_authorization ADD COLUMN oidc_id_token_value_text VARCHAR(16000);
UPDATE oauth2_authorization SET oidc_id_token_value_text = UTF8TOSTRING(oidc_id_token_value) WHERE oidc_id_token_value IS NOT NULL;
ALTER TABLE oauth2_authorization DROP COLUMN oidc_id_token_value;
ALTER TABLE oauth2_authorization ALTER COLUMN oidc_id_token_value_text RENAME TO oidc_id_token_value;
ALTER TABLE oauth2_authorization ADD COLUMN refresh_token_value_text VARCHAR(16000);
UPDATE oauth2_authorization SET refresh_token_value_text = UTF8TOSTRING(refresh_token_value) WHERE refresh_token_value IS NOT NULL;
ALTER TABLE oauth2_authorization DROP COLUMN refresh_token_value;
ALTER TABLE oauth2_authorization ALTER COLUMN refresh_token_value_text RENAME TO refresh_token_value;
ALTER TABLE oauth2_authorization ADD COLUMN user_code_value_text VARCHAR(16000);
UPDATE oauth2_authorization SET user_code_value_text = UTF8TOSTRING(user_code_value) WHERE user_code_value IS NOT NULL;
ALTER TABLE oauth2_authorization DROP COLUMN user_code_value;
ALTER TABLE oauth2_authorization ALTER COLUMN user_code_value_text RENAME TO user_code_value;
ALTER TABLE oauth2_authorization ADD COLUMN device_code_value_text VARCHAR(16000);
UPDATE oauth2_authorization SET device_code_value_text = UTF8TOSTRING(device_code_value) WHERE device_code_value IS NOT NULL;
ALTER TABLE oauth2_authorization DROP COLUMN device_code_value;
ALTER TABLE oauth2_authorization ALTER COLUMN device_code_value_text RENAME TO device_code_value;
CREATE INDEX oauth2_authorization_state ON oauth2_authorization (state);
CREATE INDEX oauth2_authorization_code ON oauth2_authorization (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token ON oauth2_authorization (access_token_value);
CREATE INDEX oauth2_authorization_id_token ON oauth2_authorization (oidc_id_token_value);
CREATE INDEX oauth2_authorization_refresh_token ON oauth2_authorization (refresh_token_value);
CREATE INDEX oauth2_authorization_user_code ON oauth2_authorization (user_code_value);
CREATE INDEX oauth2_authorization_device_code ON oauth2_authorization (device_code_value);
-- sign-out finds a person's authorizations across clients
CREATE INDEX oauth2_authorization_principal_name ON oauth2_authorization (principal_name);

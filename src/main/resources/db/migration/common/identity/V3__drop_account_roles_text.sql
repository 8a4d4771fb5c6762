-- identity: the roles live in account_role now.
ALTER TABLE account DROP COLUMN roles;

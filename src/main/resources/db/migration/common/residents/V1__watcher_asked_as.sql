-- residents: what the watcher typed to find the resident (login id, e-mail or phone), so the
-- watcher's page can say whom they asked without showing the resident's name before approval.
ALTER TABLE watcher_link ADD COLUMN asked_as VARCHAR(254);

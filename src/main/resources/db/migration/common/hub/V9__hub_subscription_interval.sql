-- A subscription's timeInterval (seconds) beside its body, so that the hub finds the subscriptions
-- it notifies periodically without reading every body; null for those notified on changes.
ALTER TABLE hub_subscription ADD COLUMN time_interval double precision;

-- A measuring station is registered once per name and place: the administrator's form sent twice
-- (a double click, a reload of the answer page) must not make a second OAuth client for one station.
ALTER TABLE vital_station ADD CONSTRAINT vital_station_once UNIQUE (name, place);

-- One measurement per resident, device, kind and time: the help desk is one "device" for everyone it
-- measures, and two residents measured in the same minute are two measurements, not one.
ALTER TABLE vital_measurement DROP CONSTRAINT vital_measurement_once;
ALTER TABLE vital_measurement ADD CONSTRAINT vital_measurement_once UNIQUE (resident_id, device, kind, taken_at);

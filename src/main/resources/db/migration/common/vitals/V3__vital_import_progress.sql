-- CSV imports run in the background on the instance that took the upload. That instance says every
-- few seconds that it is alive (alive_at); an import whose instance stopped (a crash, a restart) is
-- marked FAILED by whichever instance sees it first, with the reason in failure, instead of staying
-- RUNNING for ever. charset is what the file was read as (UTF-8 or Shift_JIS).
ALTER TABLE vital_import ADD COLUMN instance_id VARCHAR(40);
ALTER TABLE vital_import ADD COLUMN alive_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE vital_import ADD COLUMN failure VARCHAR(40);
ALTER TABLE vital_import ADD COLUMN charset VARCHAR(20);
CREATE INDEX vital_import_file ON vital_import (file_sha256);
CREATE INDEX vital_import_status ON vital_import (status);

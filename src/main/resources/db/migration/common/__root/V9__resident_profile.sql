-- residents: where and how a resident lives and is reached, as the help desk records it.
ALTER TABLE resident ADD COLUMN address_block VARCHAR(100);
ALTER TABLE resident ADD COLUMN household VARCHAR(100);
ALTER TABLE resident ADD COLUMN lives_alone BOOLEAN;
ALTER TABLE resident ADD COLUMN device VARCHAR(12);
ALTER TABLE resident ADD COLUMN tablet_asset VARCHAR(40);
ALTER TABLE resident ADD COLUMN contact_preference VARCHAR(12);

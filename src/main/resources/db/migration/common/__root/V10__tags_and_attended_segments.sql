-- events get tags (interests: 健康, 農園, 体操…); notices can target those who attended one event.
ALTER TABLE event ADD COLUMN tags VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE notice ADD COLUMN attended_event UUID;
ALTER TABLE notice ADD COLUMN tag VARCHAR(40);

-- events: areas and tags live in event_area and event_tag now.
ALTER TABLE event DROP COLUMN target_areas;
ALTER TABLE event DROP COLUMN tags;

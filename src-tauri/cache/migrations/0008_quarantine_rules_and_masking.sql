-- The quarantine records the rule of the contract each record breaks (to count them by reason)
-- and the version of the rules it was examined under: a record kept by an older, stricter
-- version is examined again by the next sync, and released when it is valid now.
ALTER TABLE quarantine ADD COLUMN rule TEXT;
ALTER TABLE quarantine ADD COLUMN rules_version INTEGER NOT NULL DEFAULT 0;

-- Personal numbers in the raw copies of older versions are masked as the dossier table masks
-- them (every blank removed, all but the last 3 characters starred: model::mask_number).
-- Two keyless copies may become one once masked: the index that keeps them apart waits.
DROP INDEX quarantine_by_raw;
UPDATE quarantine SET raw = json_set(raw, '$.SoGiayToChuHoSo',
    CASE WHEN length(replace(replace(replace(replace(CAST(json_extract(raw, '$.SoGiayToChuHoSo') AS TEXT), ' ', ''), char(9), ''), char(10), ''), char(13), '')) > 3
         THEN replace(hex(zeroblob(length(replace(replace(replace(replace(CAST(json_extract(raw, '$.SoGiayToChuHoSo') AS TEXT), ' ', ''), char(9), ''), char(10), ''), char(13), '')) - 3)), '00', '*')
              || substr(replace(replace(replace(replace(CAST(json_extract(raw, '$.SoGiayToChuHoSo') AS TEXT), ' ', ''), char(9), ''), char(10), ''), char(13), ''), -3)
         ELSE replace(replace(replace(replace(CAST(json_extract(raw, '$.SoGiayToChuHoSo') AS TEXT), ' ', ''), char(9), ''), char(10), ''), char(13), '') END)
WHERE json_valid(raw) AND json_type(raw, '$.SoGiayToChuHoSo') IN ('text', 'integer', 'real');
UPDATE quarantine SET raw = json_set(raw, '$.SoDienThoai',
    CASE WHEN length(replace(replace(replace(replace(CAST(json_extract(raw, '$.SoDienThoai') AS TEXT), ' ', ''), char(9), ''), char(10), ''), char(13), '')) > 3
         THEN replace(hex(zeroblob(length(replace(replace(replace(replace(CAST(json_extract(raw, '$.SoDienThoai') AS TEXT), ' ', ''), char(9), ''), char(10), ''), char(13), '')) - 3)), '00', '*')
              || substr(replace(replace(replace(replace(CAST(json_extract(raw, '$.SoDienThoai') AS TEXT), ' ', ''), char(9), ''), char(10), ''), char(13), ''), -3)
         ELSE replace(replace(replace(replace(CAST(json_extract(raw, '$.SoDienThoai') AS TEXT), ' ', ''), char(9), ''), char(10), ''), char(13), '') END)
WHERE json_valid(raw) AND json_type(raw, '$.SoDienThoai') IN ('text', 'integer', 'real');
DELETE FROM quarantine WHERE record_key IS NULL AND id NOT IN (
    SELECT MAX(id) FROM quarantine WHERE record_key IS NULL GROUP BY feed, raw
);
CREATE UNIQUE INDEX quarantine_by_raw ON quarantine (feed, raw) WHERE record_key IS NULL;
CREATE INDEX quarantine_by_rules_version ON quarantine (rules_version);

-- Older versions took a dossier out of the cache for a broken version without taking its
-- pending states away: they are built again from the dossiers, once, when the cache opens.
UPDATE kpi_state_built SET built = 0;

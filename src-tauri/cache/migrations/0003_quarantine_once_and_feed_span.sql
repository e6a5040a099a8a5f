-- A record is quarantined once. A keyed record (MaHoSo, MaDonVi, ...) keeps one row: its latest
-- broken version, cleared when a newer valid version arrives. A record with no readable key
-- keeps one row per distinct raw text, so that a page fetched twice (retries, resumes,
-- duplicates) is not counted twice. `updated_at` is the record's NgayCapNhat when readable.
ALTER TABLE quarantine ADD COLUMN updated_at INTEGER;
DELETE FROM quarantine WHERE id NOT IN (
    SELECT MAX(id) FROM quarantine GROUP BY feed, COALESCE(record_key, raw)
);
CREATE UNIQUE INDEX quarantine_by_key ON quarantine (feed, record_key) WHERE record_key IS NOT NULL;
CREATE UNIQUE INDEX quarantine_by_raw ON quarantine (feed, raw) WHERE record_key IS NULL;

-- The earliest instant (submission or intake) of any dossier taken from the feed: the first
-- year whose working calendar is wanted, known without scanning the dossier table.
ALTER TABLE sync_state ADD COLUMN earliest_at INTEGER;

-- Dossiers per agency (the status screen) without reading the wide dossier rows.
CREATE INDEX dossier_by_agency ON dossier (agency_code);

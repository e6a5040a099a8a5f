-- A first sync into an empty cache writes every dossier once: keeping the rollups and the
-- figures' indexes up to date row by row costs more than the writes themselves. While
-- `bulk_load.active` is set, the dossier triggers skip the rollup upkeep and the figures'
-- indexes are dropped (their DDL kept in `bulk_load_index`); when the feed ends, the sync
-- rebuilds the rollups in one set-based pass and recreates the indexes, and clears the flag,
-- in one transaction (`cache::bulk`). The flag is committed with the first page, so a first
-- sync cut in the middle resumes in the same mode, and readers know the rollups are not
-- complete (`metrics` then counts plainly from the dossiers).
CREATE TABLE bulk_load (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    active INTEGER NOT NULL
);
INSERT INTO bulk_load (id, active) VALUES (1, 0);

-- The indexes dropped for the bulk load, as `sqlite_master` held them.
CREATE TABLE bulk_load_index (
    name TEXT PRIMARY KEY,
    sql  TEXT NOT NULL
);

-- The triggers of 0002, the same but asleep during a bulk load.
DROP TRIGGER kpi_dossier_inserted;
DROP TRIGGER kpi_dossier_deleted;
DROP TRIGGER kpi_dossier_updated;

CREATE TRIGGER kpi_dossier_inserted AFTER INSERT ON dossier
WHEN (SELECT active FROM bulk_load) = 0
BEGIN
    INSERT INTO kpi_change (sign, agency_code, procedure_code, status, channel, received,
        received_at, closed_at, legal_due, rating_level, rating_at)
    VALUES (1, NEW.agency_code, NEW.procedure_code, NEW.status, NEW.channel, NEW.kpi_received,
        NEW.received_at, NEW.kpi_closed_at, NEW.kpi_legal_due, NEW.rating_level, NEW.rating_at);
END;

CREATE TRIGGER kpi_dossier_deleted AFTER DELETE ON dossier
WHEN (SELECT active FROM bulk_load) = 0
BEGIN
    INSERT INTO kpi_change (sign, agency_code, procedure_code, status, channel, received,
        received_at, closed_at, legal_due, rating_level, rating_at)
    VALUES (-1, OLD.agency_code, OLD.procedure_code, OLD.status, OLD.channel, OLD.kpi_received,
        OLD.received_at, OLD.kpi_closed_at, OLD.kpi_legal_due, OLD.rating_level, OLD.rating_at);
END;

CREATE TRIGGER kpi_dossier_updated AFTER UPDATE ON dossier
WHEN (SELECT active FROM bulk_load) = 0 AND (OLD.agency_code IS NOT NEW.agency_code
     OR OLD.procedure_code IS NOT NEW.procedure_code
     OR OLD.status IS NOT NEW.status
     OR OLD.channel IS NOT NEW.channel
     OR OLD.received_at IS NOT NEW.received_at
     OR OLD.finished_at IS NOT NEW.finished_at
     OR OLD.returned_at IS NOT NEW.returned_at
     OR OLD.due_at IS NOT NEW.due_at
     OR OLD.first_extension_due IS NOT NEW.first_extension_due
     OR OLD.rating_level IS NOT NEW.rating_level
     OR OLD.rating_at IS NOT NEW.rating_at)
BEGIN
    INSERT INTO kpi_change (sign, agency_code, procedure_code, status, channel, received,
        received_at, closed_at, legal_due, rating_level, rating_at)
    VALUES (-1, OLD.agency_code, OLD.procedure_code, OLD.status, OLD.channel, OLD.kpi_received,
        OLD.received_at, OLD.kpi_closed_at, OLD.kpi_legal_due, OLD.rating_level, OLD.rating_at);
    INSERT INTO kpi_change (sign, agency_code, procedure_code, status, channel, received,
        received_at, closed_at, legal_due, rating_level, rating_at)
    VALUES (1, NEW.agency_code, NEW.procedure_code, NEW.status, NEW.channel, NEW.kpi_received,
        NEW.received_at, NEW.kpi_closed_at, NEW.kpi_legal_due, NEW.rating_level, NEW.rating_at);
END;

-- The dossiers of one agency, and of one procedure, with every column the figures read
-- (`metrics::read::FACT_COLUMNS`): their pages read them from the index alone, not from the
-- wide rows. The first replaces 0003's `dossier_by_agency`, which it also serves.
DROP INDEX dossier_by_agency;
CREATE INDEX dossier_facts_by_agency ON dossier (agency_code, procedure_code, pause_count,
    status, channel, received_at, due_at, finished_at, returned_at, first_extension_due,
    rating_level, rating_at);
CREATE INDEX dossier_facts_by_procedure ON dossier (procedure_code, agency_code, pause_count,
    status, channel, received_at, due_at, finished_at, returned_at, first_extension_due,
    rating_level, rating_at);

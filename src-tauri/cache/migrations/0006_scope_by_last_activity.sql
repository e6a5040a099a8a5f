-- An agency's or a procedure's page reads into facts only the dossiers with something (their
-- reception, closing or rating) at or after the period's start; an open dossier always counts.
-- Keyed by the last of those instants after the scope's code, the scope's covering indexes of
-- 0004 give exactly those rows, instead of every dossier the agency or procedure ever had (a
-- month's page read two years of rows). The expression is `metrics::sql::LAST_ACTIVITY`.
-- During a resumed first sync these indexes may not exist (the bulk load dropped them and
-- kept their old text): they are made now and that old text forgotten.
DROP INDEX IF EXISTS dossier_facts_by_agency;
DROP INDEX IF EXISTS dossier_facts_by_procedure;
DELETE FROM bulk_load_index WHERE name IN ('dossier_facts_by_agency', 'dossier_facts_by_procedure');
CREATE INDEX dossier_facts_by_agency ON dossier (agency_code,
    (coalesce(max((CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END), coalesce(received_at, 0), coalesce(rating_at, 0)), 99991231235959)),
    procedure_code, pause_count, status, channel, received_at, due_at, finished_at, returned_at,
    first_extension_due, rating_level, rating_at);
CREATE INDEX dossier_facts_by_procedure ON dossier (procedure_code,
    (coalesce(max((CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END), coalesce(received_at, 0), coalesce(rating_at, 0)), 99991231235959)),
    agency_code, pause_count, status, channel, received_at, due_at, finished_at, returned_at,
    first_extension_due, rating_level, rating_at);

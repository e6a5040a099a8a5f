-- What the figures of METRICS.md need to be fast (see `metrics`, PERF-NOTES.md):
-- derived columns that say once how the closing instant and the legal due date are read,
-- daily rollups kept exact under upserts and tombstones by triggers (through a small queue of
-- changes folded in batches), and partial indexes for the instant-dependent figures. The rollups count events by the date they happened; what depends
-- on the instant (pending, paused, overdue, at risk) comes from the open dossiers.

-- closed_at of METRICS.md: NgayKetThucXuLy for 7, 8, 9, 10 (NgayTra for 10 without it).
ALTER TABLE dossier ADD COLUMN kpi_closed_at INTEGER GENERATED ALWAYS AS (
    CASE WHEN status IN (7, 8, 9) THEN finished_at
         WHEN status = 10 THEN coalesce(finished_at, returned_at) END) VIRTUAL;

-- received: has NgayTiepNhan and is neither submitted-only (1) nor refused (3).
ALTER TABLE dossier ADD COLUMN kpi_received INTEGER GENERATED ALWAYS AS (
    status NOT IN (1, 3) AND received_at IS NOT NULL) VIRTUAL;

-- legal_due: NgayHenTraCu of the first apology extension, else NgayHenTra.
ALTER TABLE dossier ADD COLUMN kpi_legal_due INTEGER GENERATED ALWAYS AS (
    coalesce(first_extension_due, due_at)) VIRTUAL;

-- The kinds of event a dossier contributes to the rollups, one row each:
-- 0 the dossier itself, on day 0: how many dossiers, how many received, how many of those closed
--   (totals that let "carried over" be read from the recent days only);
-- 1 its reception; 2 the closing of a received dossier, counted on the later of its reception
--   and closing dates (received before D and closed before D <=> that day is before D: what
--   carried_over subtracts); 3 its closing (resolved early/on time/late, withdrawn, stopped);
-- 4 its rating.
CREATE TABLE kpi_event_kind (k INTEGER PRIMARY KEY);
INSERT INTO kpi_event_kind (k) VALUES (0), (1), (2), (3), (4);

-- Events by (date, agency_code); day 0 holds the totals (kind 0).
CREATE TABLE kpi_agency_day (
    day INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    dossiers INTEGER NOT NULL DEFAULT 0,
    received_online INTEGER NOT NULL DEFAULT 0,
    received_in_person INTEGER NOT NULL DEFAULT 0,
    received_post INTEGER NOT NULL DEFAULT 0,
    received_closed INTEGER NOT NULL DEFAULT 0,
    resolved_early INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late INTEGER NOT NULL DEFAULT 0,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    stopped INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    dissatisfied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency_code)
) WITHOUT ROWID;

-- Events by (date, procedure_code); day 0 holds the totals (kind 0).
CREATE TABLE kpi_procedure_day (
    day INTEGER NOT NULL,
    procedure_code TEXT NOT NULL,
    dossiers INTEGER NOT NULL DEFAULT 0,
    received_online INTEGER NOT NULL DEFAULT 0,
    received_in_person INTEGER NOT NULL DEFAULT 0,
    received_post INTEGER NOT NULL DEFAULT 0,
    received_closed INTEGER NOT NULL DEFAULT 0,
    resolved_early INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late INTEGER NOT NULL DEFAULT 0,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    stopped INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    dissatisfied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, procedure_code)
) WITHOUT ROWID;

-- The same by (month yyyymm, agency_code): long periods read whole months here.
CREATE TABLE kpi_agency_month (
    month INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    dossiers INTEGER NOT NULL DEFAULT 0,
    received_online INTEGER NOT NULL DEFAULT 0,
    received_in_person INTEGER NOT NULL DEFAULT 0,
    received_post INTEGER NOT NULL DEFAULT 0,
    received_closed INTEGER NOT NULL DEFAULT 0,
    resolved_early INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late INTEGER NOT NULL DEFAULT 0,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    stopped INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    dissatisfied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, agency_code)
) WITHOUT ROWID;

-- The same by (month yyyymm, procedure_code): long periods read whole months here.
CREATE TABLE kpi_procedure_month (
    month INTEGER NOT NULL,
    procedure_code TEXT NOT NULL,
    dossiers INTEGER NOT NULL DEFAULT 0,
    received_online INTEGER NOT NULL DEFAULT 0,
    received_in_person INTEGER NOT NULL DEFAULT 0,
    received_post INTEGER NOT NULL DEFAULT 0,
    received_closed INTEGER NOT NULL DEFAULT 0,
    resolved_early INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late INTEGER NOT NULL DEFAULT 0,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    stopped INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    dissatisfied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, procedure_code)
) WITHOUT ROWID;

-- Changes of dossiers not yet folded into the rollups: a dossier written adds its new version
-- (sign +1), removed or replaced its old one (sign -1). Every 512 changes they are folded in one
-- set-based pass; readers add the few still here, so the figures are exact at every moment.
CREATE TABLE kpi_change (
    id             INTEGER PRIMARY KEY,
    sign           INTEGER NOT NULL,
    agency_code    TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    status         INTEGER NOT NULL,
    channel        INTEGER NOT NULL,
    received       INTEGER NOT NULL,
    received_at    INTEGER,
    closed_at      INTEGER,
    legal_due      INTEGER,
    rating_level   INTEGER,
    rating_at      INTEGER
);

-- The events of the queued changes, in the rollups' shape.
CREATE VIEW kpi_change_event AS
SELECT * FROM (
    SELECT CASE x.k
             WHEN 0 THEN 0
             WHEN 1 THEN CASE WHEN x.received THEN x.received_at / 1000000 END
             WHEN 2 THEN CASE WHEN x.received AND x.closed_at IS NOT NULL
                              THEN max(x.received_at, x.closed_at) / 1000000 END
             WHEN 3 THEN x.closed_at / 1000000
             WHEN 4 THEN CASE WHEN x.rating_level IN (1, 2, 3) THEN x.rating_at / 1000000 END
           END AS day,
           x.agency_code, x.procedure_code,
           x.sign * coalesce(x.k = 0, 0) AS dossiers,
           x.sign * coalesce(x.k IN (0, 1) AND x.received AND x.channel = 2, 0) AS received_online,
           x.sign * coalesce(x.k IN (0, 1) AND x.received AND x.channel = 1, 0) AS received_in_person,
           x.sign * coalesce(x.k IN (0, 1) AND x.received AND x.channel = 3, 0) AS received_post,
           x.sign * coalesce(x.k IN (0, 2) AND x.received AND x.closed_at IS NOT NULL, 0) AS received_closed,
           x.sign * coalesce(x.k = 3 AND x.status IN (9, 10) AND x.closed_at / 1000000 < x.legal_due / 1000000, 0) AS resolved_early,
           x.sign * coalesce(x.k = 3 AND x.status IN (9, 10) AND x.closed_at / 1000000 = x.legal_due / 1000000, 0) AS resolved_on_time,
           x.sign * coalesce(x.k = 3 AND x.status IN (9, 10) AND (x.legal_due IS NULL OR x.closed_at / 1000000 > x.legal_due / 1000000), 0) AS resolved_late,
           x.sign * coalesce(x.k = 3 AND x.status = 7, 0) AS withdrawn,
           x.sign * coalesce(x.k = 3 AND x.status = 8, 0) AS stopped,
           x.sign * coalesce(x.k = 4 AND x.rating_level = 1, 0) AS very_satisfied,
           x.sign * coalesce(x.k = 4 AND x.rating_level = 2, 0) AS satisfied,
           x.sign * coalesce(x.k = 4 AND x.rating_level = 3, 0) AS dissatisfied
    FROM (SELECT c.*, k.k FROM kpi_change AS c CROSS JOIN kpi_event_kind AS k) AS x)
WHERE day IS NOT NULL;

CREATE TRIGGER kpi_fold AFTER INSERT ON kpi_change WHEN NEW.id % 512 = 0
BEGIN
    INSERT INTO kpi_agency_day (day, agency_code, dossiers, received_online, received_in_person, received_post, received_closed, resolved_early, resolved_on_time, resolved_late, withdrawn, stopped, very_satisfied, satisfied, dissatisfied)
    SELECT day, agency_code, sum(dossiers), sum(received_online), sum(received_in_person), sum(received_post), sum(received_closed), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), sum(withdrawn), sum(stopped), sum(very_satisfied), sum(satisfied), sum(dissatisfied)
    FROM kpi_change_event WHERE true GROUP BY day, agency_code
    ON CONFLICT (day, agency_code) DO UPDATE SET
        dossiers = dossiers + excluded.dossiers,
        received_online = received_online + excluded.received_online,
        received_in_person = received_in_person + excluded.received_in_person,
        received_post = received_post + excluded.received_post,
        received_closed = received_closed + excluded.received_closed,
        resolved_early = resolved_early + excluded.resolved_early,
        resolved_on_time = resolved_on_time + excluded.resolved_on_time,
        resolved_late = resolved_late + excluded.resolved_late,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        dissatisfied = dissatisfied + excluded.dissatisfied;
    INSERT INTO kpi_procedure_day (day, procedure_code, dossiers, received_online, received_in_person, received_post, received_closed, resolved_early, resolved_on_time, resolved_late, withdrawn, stopped, very_satisfied, satisfied, dissatisfied)
    SELECT day, procedure_code, sum(dossiers), sum(received_online), sum(received_in_person), sum(received_post), sum(received_closed), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), sum(withdrawn), sum(stopped), sum(very_satisfied), sum(satisfied), sum(dissatisfied)
    FROM kpi_change_event WHERE true GROUP BY day, procedure_code
    ON CONFLICT (day, procedure_code) DO UPDATE SET
        dossiers = dossiers + excluded.dossiers,
        received_online = received_online + excluded.received_online,
        received_in_person = received_in_person + excluded.received_in_person,
        received_post = received_post + excluded.received_post,
        received_closed = received_closed + excluded.received_closed,
        resolved_early = resolved_early + excluded.resolved_early,
        resolved_on_time = resolved_on_time + excluded.resolved_on_time,
        resolved_late = resolved_late + excluded.resolved_late,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        dissatisfied = dissatisfied + excluded.dissatisfied;
    INSERT INTO kpi_agency_month (month, agency_code, dossiers, received_online, received_in_person, received_post, received_closed, resolved_early, resolved_on_time, resolved_late, withdrawn, stopped, very_satisfied, satisfied, dissatisfied)
    SELECT day / 100, agency_code, sum(dossiers), sum(received_online), sum(received_in_person), sum(received_post), sum(received_closed), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), sum(withdrawn), sum(stopped), sum(very_satisfied), sum(satisfied), sum(dissatisfied)
    FROM kpi_change_event WHERE day > 0 GROUP BY day / 100, agency_code
    ON CONFLICT (month, agency_code) DO UPDATE SET
        dossiers = dossiers + excluded.dossiers,
        received_online = received_online + excluded.received_online,
        received_in_person = received_in_person + excluded.received_in_person,
        received_post = received_post + excluded.received_post,
        received_closed = received_closed + excluded.received_closed,
        resolved_early = resolved_early + excluded.resolved_early,
        resolved_on_time = resolved_on_time + excluded.resolved_on_time,
        resolved_late = resolved_late + excluded.resolved_late,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        dissatisfied = dissatisfied + excluded.dissatisfied;
    INSERT INTO kpi_procedure_month (month, procedure_code, dossiers, received_online, received_in_person, received_post, received_closed, resolved_early, resolved_on_time, resolved_late, withdrawn, stopped, very_satisfied, satisfied, dissatisfied)
    SELECT day / 100, procedure_code, sum(dossiers), sum(received_online), sum(received_in_person), sum(received_post), sum(received_closed), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), sum(withdrawn), sum(stopped), sum(very_satisfied), sum(satisfied), sum(dissatisfied)
    FROM kpi_change_event WHERE day > 0 GROUP BY day / 100, procedure_code
    ON CONFLICT (month, procedure_code) DO UPDATE SET
        dossiers = dossiers + excluded.dossiers,
        received_online = received_online + excluded.received_online,
        received_in_person = received_in_person + excluded.received_in_person,
        received_post = received_post + excluded.received_post,
        received_closed = received_closed + excluded.received_closed,
        resolved_early = resolved_early + excluded.resolved_early,
        resolved_on_time = resolved_on_time + excluded.resolved_on_time,
        resolved_late = resolved_late + excluded.resolved_late,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        dissatisfied = dissatisfied + excluded.dissatisfied;
    DELETE FROM kpi_change;
END;

CREATE TRIGGER kpi_dossier_inserted AFTER INSERT ON dossier
BEGIN
    INSERT INTO kpi_change (sign, agency_code, procedure_code, status, channel, received,
        received_at, closed_at, legal_due, rating_level, rating_at)
    VALUES (1, NEW.agency_code, NEW.procedure_code, NEW.status, NEW.channel, NEW.kpi_received,
        NEW.received_at, NEW.kpi_closed_at, NEW.kpi_legal_due, NEW.rating_level, NEW.rating_at);
END;

CREATE TRIGGER kpi_dossier_deleted AFTER DELETE ON dossier
BEGIN
    INSERT INTO kpi_change (sign, agency_code, procedure_code, status, channel, received,
        received_at, closed_at, legal_due, rating_level, rating_at)
    VALUES (-1, OLD.agency_code, OLD.procedure_code, OLD.status, OLD.channel, OLD.kpi_received,
        OLD.received_at, OLD.kpi_closed_at, OLD.kpi_legal_due, OLD.rating_level, OLD.rating_at);
END;

CREATE TRIGGER kpi_dossier_updated AFTER UPDATE ON dossier
WHEN OLD.agency_code IS NOT NEW.agency_code
     OR OLD.procedure_code IS NOT NEW.procedure_code
     OR OLD.status IS NOT NEW.status
     OR OLD.channel IS NOT NEW.channel
     OR OLD.received_at IS NOT NEW.received_at
     OR OLD.finished_at IS NOT NEW.finished_at
     OR OLD.returned_at IS NOT NEW.returned_at
     OR OLD.due_at IS NOT NEW.due_at
     OR OLD.first_extension_due IS NOT NEW.first_extension_due
     OR OLD.rating_level IS NOT NEW.rating_level
     OR OLD.rating_at IS NOT NEW.rating_at
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

-- The dossiers already in the cache (folded as they queue).
INSERT INTO kpi_change (sign, agency_code, procedure_code, status, channel, received, received_at,
    closed_at, legal_due, rating_level, rating_at)
SELECT 1, agency_code, procedure_code, status, channel, kpi_received, received_at, kpi_closed_at,
    kpi_legal_due, rating_level, rating_at FROM dossier;

-- The indexes below are written on the base columns, not the derived ones, so that SQLite can
-- answer from the index alone; `metrics::sql` holds the same expressions (a test checks it).

-- Open dossiers (received, not closed): the pending figures read only these.
CREATE INDEX kpi_open ON dossier (received_at, agency_code, procedure_code, status, channel,
    due_at, first_extension_due, pause_count, finished_at, returned_at)
    WHERE status NOT IN (1, 3) AND received_at IS NOT NULL AND (CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END) IS NULL;

-- Closed dossiers by how long they stayed open, as a class k: the span in "index days"
-- (year*372 + month*31 + day, never fewer than the calendar's days) is at most 2^k; -2 never
-- received, -1 closed before received, 13 longer than 4096. "Pending at a past instant A" probes,
-- for each k, the closings in (A, A + 2^k days] instead of every closing after A.
CREATE INDEX kpi_closed ON dossier ((CASE WHEN received_at IS NULL THEN -2 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) < 0 THEN -1 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 1 THEN 0 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 2 THEN 1 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 4 THEN 2 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 8 THEN 3 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 16 THEN 4 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 32 THEN 5 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 64 THEN 6 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 128 THEN 7 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 256 THEN 8 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 512 THEN 9 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 1024 THEN 10 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 2048 THEN 11 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 4096 THEN 12 ELSE 13 END), (CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END), received_at, pause_count, agency_code,
    procedure_code, due_at, first_extension_due, status, channel, finished_at, returned_at)
    WHERE (CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END) IS NOT NULL;

-- Ratings by instant: the ratings of a part of a day.
CREATE INDEX kpi_rated ON dossier (rating_at) WHERE rating_at IS NOT NULL;

-- What the pending figures need to be fast (see `metrics::states`): each dossier's life as
-- stretches of one state (running towards a due date, or paused), written as changes by
-- day, so that the states at the end of any day are sums over a few hundred rows instead of
-- a pass over every dossier pending then. Kept by the Rust code that writes dossiers (a
-- stretch depends on the pause rows, which the dossier triggers cannot see), rebuilt whole
-- at the end of a bulk load and once after this migration.
--
-- dim: 0 by agency_code, 1 by procedure_code.
-- pending, paused, overdue: how many more dossiers are in that state at the end of `day`
--   than at the end of the day before (a state at the end of D is the sum up to D).
-- soon_j (j = 0..15): dossiers due on `day`, running (not paused) and pending at the end of
--   the day j days before it. "At risk" at the end of D sums soon_j of the days D + j up to
--   the next working day after D.
CREATE TABLE kpi_state_day (
    dim     INTEGER NOT NULL,
    day     INTEGER NOT NULL,
    code    TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    paused  INTEGER NOT NULL DEFAULT 0,
    overdue INTEGER NOT NULL DEFAULT 0,
    soon_0  INTEGER NOT NULL DEFAULT 0, soon_1  INTEGER NOT NULL DEFAULT 0,
    soon_2  INTEGER NOT NULL DEFAULT 0, soon_3  INTEGER NOT NULL DEFAULT 0,
    soon_4  INTEGER NOT NULL DEFAULT 0, soon_5  INTEGER NOT NULL DEFAULT 0,
    soon_6  INTEGER NOT NULL DEFAULT 0, soon_7  INTEGER NOT NULL DEFAULT 0,
    soon_8  INTEGER NOT NULL DEFAULT 0, soon_9  INTEGER NOT NULL DEFAULT 0,
    soon_10 INTEGER NOT NULL DEFAULT 0, soon_11 INTEGER NOT NULL DEFAULT 0,
    soon_12 INTEGER NOT NULL DEFAULT 0, soon_13 INTEGER NOT NULL DEFAULT 0,
    soon_14 INTEGER NOT NULL DEFAULT 0, soon_15 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dim, day, code)
) WITHOUT ROWID;

-- The same changes by month (yyyymm), for the sums over long stretches of days.
CREATE TABLE kpi_state_month (
    dim     INTEGER NOT NULL,
    month   INTEGER NOT NULL,
    code    TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    paused  INTEGER NOT NULL DEFAULT 0,
    overdue INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dim, month, code)
) WITHOUT ROWID;

-- Whether the two tables hold every dossier (0 until the first rebuild).
CREATE TABLE kpi_state_built (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    built INTEGER NOT NULL
);
INSERT INTO kpi_state_built (id, built) VALUES (1, 0);

-- A state at an instant inside a day is the state at the day's end, corrected by the
-- dossiers with something happening in between: pauses requested or ended then too.
CREATE INDEX pause_requested ON pause (requested_at);
CREATE INDEX pause_resumed ON pause (resumed_at) WHERE resumed_at IS NOT NULL;

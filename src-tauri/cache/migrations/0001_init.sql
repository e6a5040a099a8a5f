-- The cache of the center's data. Instants are INTEGER yyyymmddHHMMSS (local time of
-- Asia/Ho_Chi_Minh) and dates INTEGER yyyymmdd, so that "the date of" an instant is
-- `instant / 1000000` and both sort as numbers.

CREATE TABLE agency (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    parent      TEXT,
    valid_from  INTEGER,
    valid_to    INTEGER,
    replaced_by TEXT
);

CREATE TABLE procedure (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    field_code    TEXT NOT NULL,
    field_name    TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    online_level  INTEGER NOT NULL,
    duration      INTEGER NOT NULL,
    duration_unit TEXT NOT NULL,
    fee           INTEGER NOT NULL
);

-- One row per year the API's /lichlamviec answered for.
CREATE TABLE calendar_year (
    year          INTEGER PRIMARY KEY,
    working_hours TEXT NOT NULL,   -- JSON [{"from":"07:00:00","to":"11:30:00"}, ...]
    synced_at     INTEGER NOT NULL
);

-- kind: 'holiday' (NgayNghi) or 'makeup' (NgayLamBu); a date may be both (then it is worked).
CREATE TABLE calendar_day (
    date   INTEGER NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('holiday', 'makeup')),
    year   INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (date, kind)
) WITHOUT ROWID;

CREATE TABLE dossier (
    id                     INTEGER PRIMARY KEY,
    code                   TEXT NOT NULL UNIQUE,
    procedure_code         TEXT NOT NULL,
    agency_code            TEXT NOT NULL,
    channel                INTEGER NOT NULL,
    applicant_kind         INTEGER NOT NULL,
    status                 INTEGER NOT NULL,
    submitted_at           INTEGER,
    received_at            INTEGER,
    due_at                 INTEGER,          -- NgayHenTra
    finished_at            INTEGER,          -- NgayKetThucXuLy
    returned_at            INTEGER,          -- NgayTra
    refused_at             INTEGER,          -- NgayTuChoi
    paid_online            INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL, -- NgayCapNhat
    first_extension_due    INTEGER,          -- NgayHenTraCu of the earliest apology extension
    extension_count        INTEGER NOT NULL,
    pause_count            INTEGER NOT NULL,
    fee_total              INTEGER NOT NULL,
    rating_level           INTEGER,
    rating_at              INTEGER,
    applicant_name         TEXT,             -- kept for inspectors; never on the wall
    applicant_id_masked    TEXT,             -- last 3 digits only
    applicant_phone_masked TEXT,             -- last 3 digits only
    summary                TEXT,
    detail                 TEXT NOT NULL     -- JSON: steps, pauses, extensions, fees, rating
);

-- Supplement requests and financial-obligation waits: the clock stops while one is open.
CREATE TABLE pause (
    dossier_id   INTEGER NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    requested_at INTEGER NOT NULL,
    resumed_at   INTEGER,
    due_before   INTEGER,
    due_after    INTEGER,
    PRIMARY KEY (dossier_id, seq)
) WITHOUT ROWID;

-- A dossier withdrawn from the system (DaXoa). Kept so that an older copy re-sent later
-- cannot bring it back; a newer record of the same code can.
CREATE TABLE tombstone (
    code       TEXT PRIMARY KEY,
    updated_at INTEGER NOT NULL
);

-- Records that break the contract, kept raw with the reason.
CREATE TABLE quarantine (
    id             INTEGER PRIMARY KEY,
    feed           TEXT NOT NULL,     -- 'hoso', 'donvi', 'thutuc', 'lichlamviec'
    record_key     TEXT,              -- MaHoSo or the like when it could be read
    reason         TEXT NOT NULL,
    raw            TEXT NOT NULL,
    quarantined_at INTEGER NOT NULL
);

-- Where each feed stands: the cursor is committed with the page it follows.
CREATE TABLE sync_state (
    feed              TEXT PRIMARY KEY,
    cursor            TEXT,
    last_updated_at   INTEGER,  -- the highest NgayCapNhat taken: the restart point after a 410
    last_success_at   INTEGER,  -- local instant of the last sync that took every page
    last_attempt_at   INTEGER,
    last_error        TEXT,
    source            TEXT      -- the base URL the cache was filled from
);

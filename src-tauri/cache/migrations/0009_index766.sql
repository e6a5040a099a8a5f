-- What the Decision-766 indicators need beyond the figures (see `metrics::index766`).
-- (0008 is left to the quarantine's migration on main.)
--
-- Online payment (3.6) counts, by the day of reception, the received dossiers with a fee
-- (`fee_total` > 0: some `Gia` > 0, amounts are never negative) and, of those, the ones with
-- `DuocThanhToanTrucTuyen` 1 or 2. Unlike the figures' rollups these two counts have no
-- closing or instant to wait for, so triggers keep them directly (asleep during a bulk load,
-- which rebuilds them at its end, `cache::rollup::rebuild`).
CREATE TABLE kpi_fee_day (
    agency_code TEXT NOT NULL,
    day         INTEGER NOT NULL,
    with_fee    INTEGER NOT NULL DEFAULT 0,
    paid_online INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency_code)
) WITHOUT ROWID;

INSERT INTO kpi_fee_day (agency_code, day, with_fee, paid_online)
SELECT agency_code, received_at / 1000000, count(*), sum(paid_online IN (1, 2))
FROM dossier WHERE fee_total > 0 AND status NOT IN (1, 3) AND received_at IS NOT NULL
GROUP BY 1, 2;

CREATE TRIGGER kpi_fee_inserted AFTER INSERT ON dossier
WHEN (SELECT active FROM bulk_load) = 0 AND NEW.fee_total > 0 AND NEW.status NOT IN (1, 3)
     AND NEW.received_at IS NOT NULL
BEGIN
    INSERT INTO kpi_fee_day (agency_code, day, with_fee, paid_online)
    VALUES (NEW.agency_code, NEW.received_at / 1000000, 1, NEW.paid_online IN (1, 2))
    ON CONFLICT (day, agency_code) DO UPDATE SET with_fee = with_fee + 1,
        paid_online = paid_online + excluded.paid_online;
END;

CREATE TRIGGER kpi_fee_deleted AFTER DELETE ON dossier
WHEN (SELECT active FROM bulk_load) = 0 AND OLD.fee_total > 0 AND OLD.status NOT IN (1, 3)
     AND OLD.received_at IS NOT NULL
BEGIN
    UPDATE kpi_fee_day SET with_fee = with_fee - 1, paid_online = paid_online - (OLD.paid_online IN (1, 2))
    WHERE day = OLD.received_at / 1000000 AND agency_code = OLD.agency_code;
END;

-- An update is a delete of the old row's counts and an insert of the new one's.
CREATE TRIGGER kpi_fee_updated_old AFTER UPDATE ON dossier
WHEN (SELECT active FROM bulk_load) = 0 AND OLD.fee_total > 0 AND OLD.status NOT IN (1, 3)
     AND OLD.received_at IS NOT NULL
     AND (OLD.agency_code IS NOT NEW.agency_code OR OLD.received_at IS NOT NEW.received_at
          OR OLD.status IS NOT NEW.status OR OLD.fee_total IS NOT NEW.fee_total
          OR OLD.paid_online IS NOT NEW.paid_online)
BEGIN
    UPDATE kpi_fee_day SET with_fee = with_fee - 1, paid_online = paid_online - (OLD.paid_online IN (1, 2))
    WHERE day = OLD.received_at / 1000000 AND agency_code = OLD.agency_code;
END;

CREATE TRIGGER kpi_fee_updated_new AFTER UPDATE ON dossier
WHEN (SELECT active FROM bulk_load) = 0 AND NEW.fee_total > 0 AND NEW.status NOT IN (1, 3)
     AND NEW.received_at IS NOT NULL
     AND (OLD.agency_code IS NOT NEW.agency_code OR OLD.received_at IS NOT NEW.received_at
          OR OLD.status IS NOT NEW.status OR OLD.fee_total IS NOT NEW.fee_total
          OR OLD.paid_online IS NOT NEW.paid_online)
BEGIN
    INSERT INTO kpi_fee_day (agency_code, day, with_fee, paid_online)
    VALUES (NEW.agency_code, NEW.received_at / 1000000, 1, NEW.paid_online IN (1, 2))
    ON CONFLICT (day, agency_code) DO UPDATE SET with_fee = with_fee + 1,
        paid_online = paid_online + excluded.paid_online;
END;

-- The part of the day of `as_of` (the rows above are whole days): the received dossiers
-- with a fee, by instant of reception.
CREATE INDEX dossier_fee_received ON dossier (received_at, agency_code, status, paid_online,
    fee_total) WHERE fee_total > 0;

-- A dossier with two or more supplement requests never counts as in time: progress is the
-- figures' count minus these few, read by closing instant (null: open) from this index alone
-- (covering: `metrics::index766` holds a test of the plan). The expression is
-- `metrics::sql::CLOSED_AT`.
CREATE INDEX dossier_many_supplements ON dossier (
    (CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END),
    agency_code, status, received_at, due_at, first_extension_due, finished_at, returned_at,
    pause_count)
    WHERE pause_count >= 2;

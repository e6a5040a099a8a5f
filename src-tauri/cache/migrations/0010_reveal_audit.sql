-- Every time an inspector reveals the applicant of a dossier: who (the OS user), when (local
-- time), which dossier and why. Append-only: the database refuses to change or remove a row.
CREATE TABLE reveal_audit (
    id           INTEGER PRIMARY KEY,
    revealed_at  INTEGER NOT NULL,
    os_user      TEXT NOT NULL,
    dossier_code TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);
CREATE TRIGGER reveal_audit_kept BEFORE UPDATE ON reveal_audit
BEGIN
    SELECT RAISE(ABORT, 'the reveal audit is append-only');
END;
CREATE TRIGGER reveal_audit_not_removed BEFORE DELETE ON reveal_audit
BEGIN
    SELECT RAISE(ABORT, 'the reveal audit is append-only');
END;

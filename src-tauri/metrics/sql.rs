//! The SQL expressions of the partial indexes of the `kpi_rollup` migration, on base columns so
//! that SQLite answers from the index alone. A query uses an index only if it repeats the index's
//! expressions exactly: these are that text (a test checks the migration holds it).

/// `closed_at` of METRICS.md.
pub const CLOSED_AT: &str = "CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END";

/// Received and not closed: the rows of `kpi_open`.
pub const OPEN: &str = "status NOT IN (1, 3) AND received_at IS NOT NULL AND (CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END) IS NULL";

/// Closed: the rows of `kpi_closed`.
pub const CLOSED: &str = "(CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END) IS NOT NULL";

/// The span class of a closed dossier, the first key of `kpi_closed`.
pub const SPAN_CLASS: &str = "CASE WHEN received_at IS NULL THEN -2 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) < 0 THEN -1 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 1 THEN 0 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 2 THEN 1 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 4 THEN 2 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 8 THEN 3 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 16 THEN 4 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 32 THEN 5 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 64 THEN 6 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 128 THEN 7 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 256 THEN 8 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 512 THEN 9 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 1024 THEN 10 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 2048 THEN 11 WHEN (((coalesce(finished_at, returned_at) / 10000000000) * 372 + (coalesce(finished_at, returned_at) / 100000000 % 100) * 31 + (coalesce(finished_at, returned_at) / 1000000 % 100)) - ((received_at / 10000000000) * 372 + (received_at / 100000000 % 100) * 31 + (received_at / 1000000 % 100))) <= 4096 THEN 12 ELSE 13 END";

/// The last of a dossier's reception, closing and rating; an open dossier's is past any day
/// (`max` is null when `closed_at` is). `closed_at` is evaluated once: building the index
/// costs about as much as one on plain columns.
/// The second key of the scope indexes (migration 0006): a period's page of an agency or a
/// procedure reads the rows from the period's start on.
pub const LAST_ACTIVITY: &str = "coalesce(max((CASE WHEN status IN (7, 8, 9) THEN finished_at WHEN status = 10 THEN coalesce(finished_at, returned_at) END), coalesce(received_at, 0), coalesce(rating_at, 0)), 99991231235959)";

#[cfg(test)]
mod tests {
    fn migration(suffix: &str) -> &'static str {
        crate::cache::MIGRATIONS
            .iter()
            .find(|(name, _)| name.ends_with(suffix))
            .unwrap_or_else(|| panic!("the migration {suffix}"))
            .1
    }

    #[test]
    fn the_migration_holds_these_expressions() {
        let migration = migration("kpi_rollup");
        for expr in [
            super::OPEN,
            super::CLOSED,
            super::SPAN_CLASS,
            super::CLOSED_AT,
        ] {
            assert!(migration.contains(expr), "{expr}");
        }
    }

    #[test]
    fn the_scope_indexes_hold_the_last_activity() {
        let migration = migration("scope_by_last_activity");
        assert_eq!(migration.matches(super::LAST_ACTIVITY).count(), 2);
        assert!(super::LAST_ACTIVITY.contains(super::CLOSED_AT));
    }

    /// The pending figures read the two partial indexes alone, never the wide dossier rows.
    #[test]
    fn pending_queries_are_answered_from_covering_indexes() {
        use super::*;
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::cache::open(&dir.path().join("plan.db")).unwrap();
        let plan = |sql: &str| -> String {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
            rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
        };
        let open = plan(&format!(
            "SELECT agency_code, coalesce(first_extension_due, due_at), count(*) FROM dossier \
             WHERE {OPEN} AND received_at <= 1 AND pause_count = 0 GROUP BY 1, 2"
        ));
        assert!(open.contains("COVERING INDEX kpi_open"), "{open}");
        let closed = plan(&format!(
            "SELECT procedure_code, coalesce(first_extension_due, due_at), count(*) FROM dossier \
             WHERE {CLOSED} AND ({SPAN_CLASS}) = 3 AND ({CLOSED_AT}) > 1 AND ({CLOSED_AT}) <= 2 \
             AND received_at <= 1 AND pause_count = 0 GROUP BY 1, 2"
        ));
        assert!(closed.contains("COVERING INDEX kpi_closed"), "{closed}");
        // A scope's page: a range of its covering index from the period's start, not all of
        // the agency's or procedure's rows.
        for (column, index) in [
            ("agency_code", "dossier_facts_by_agency"),
            ("procedure_code", "dossier_facts_by_procedure"),
        ] {
            let scope = plan(&format!(
                "SELECT {} FROM dossier WHERE ({LAST_ACTIVITY}) >= 1 AND {column} = 'x'",
                crate::metrics::read::FACT_COLUMNS
            ));
            assert!(
                scope.contains(&format!("COVERING INDEX {index} ({column}=? AND <expr>>?)")),
                "{scope}"
            );
        }
    }
}

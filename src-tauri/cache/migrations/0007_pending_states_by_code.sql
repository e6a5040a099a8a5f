-- An agency's or a procedure's page reads the pending states of its own code: by code first,
-- so that a procedure's page reads its two years of month rows instead of every procedure's.
-- Not covering: the sync mostly updates the sums, which these keys leave out, so these indexes
-- cost little to keep.
CREATE INDEX kpi_state_month_by_code ON kpi_state_month (dim, code, month);
CREATE INDEX kpi_state_day_by_code ON kpi_state_day (dim, code, day);

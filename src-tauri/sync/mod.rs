//! The sync engine: pulls pages from `source`, writes `cache` one transaction per page
//! (records and cursor together), resumes from the saved cursor, reports progress.

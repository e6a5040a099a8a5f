//! The dossiers behind a count: which figure, where, when; sorted and keyset-paged by
//! `metrics::lists`, so that the list's length is the figure it was opened from.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::ScreensError;
use crate::calendar::Calendar;
use crate::metrics::lists::{self, ListPage, ListQuery, Scope, ScopeFacts, SortKey};
use crate::metrics::Period;
use crate::model::Instant;

/// How many dossiers the overdue and at-risk lists of a page show before "more".
pub const FIRST_PAGE: usize = 20;

/// What a list is of: the figure (a count of METRICS.md) clicked, in a scope, for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFilter {
    pub figure: String,
    pub scope: Scope,
    pub period: Period,
    pub as_of: Option<Instant>,
    /// Part of a dossier code to look for.
    #[serde(default)]
    pub search: Option<String>,
}

/// One page of the list: `after` is the previous page's `next` (None for the first page).
/// With `helper`, a second connection, a scope's dossiers are read on two cores.
pub fn dossier_list(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    filter: &ListFilter,
    sort: SortKey,
    after: Option<String>,
    limit: usize,
) -> Result<ListPage, ScreensError> {
    Ok(lists::list(
        conn,
        helper,
        cal,
        &ListQuery {
            figure: filter.figure.clone(),
            scope: filter.scope.clone(),
            period: filter.period,
            as_of: filter.as_of,
            search: filter.search.clone(),
            sort,
            after,
            limit,
        },
    )?)
}

/// The first pages of a page's pending lists: overdue by lateness, at risk by due date.
pub fn first_pages(
    conn: &Connection,
    cal: &Calendar,
    facts: &ScopeFacts,
) -> Result<(ListPage, ListPage), ScreensError> {
    let overdue = facts.list(
        conn,
        cal,
        "pending_overdue",
        SortKey::WorkingDaysLate,
        None,
        FIRST_PAGE,
    )?;
    let at_risk = facts.list(
        conn,
        cal,
        "pending_at_risk",
        SortKey::DueDate,
        None,
        FIRST_PAGE,
    )?;
    Ok((overdue, at_risk))
}

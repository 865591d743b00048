//! Spans of days.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A span of days, both ends included, with `start <= end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateRange {
    /// `None` when the end falls before the start; the caller names the fields in its error.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Option<Self> {
        (start <= end).then_some(Self { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_ranges_end_on_or_after_their_start() {
        let day = |d| NaiveDate::from_ymd_opt(2019, 10, d).expect("valid date");
        assert!(DateRange::new(day(20), day(24)).is_some());
        assert!(DateRange::new(day(20), day(20)).is_some());
        assert!(DateRange::new(day(24), day(20)).is_none());
    }
}

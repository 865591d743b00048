//! A date range as the summary cells can answer it: the whole months it covers, as ranges of
//! the cells' period keys, and the days before and after them.

use chrono::{Datelike, Months, NaiveDate};

use super::DateRange;
use crate::cells;

/// A date range as the whole months it covers, which the summary cells answer, and the days
/// before and after them, which the detail tables answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WholeMonths {
    /// The first and last whole month (year, month), both included; `None` where the range
    /// is open.
    first: Option<(i32, u32)>,
    last: Option<(i32, u32)>,
    pub edges: Vec<DateRange>,
}

impl WholeMonths {
    /// `None` when the range holds no whole month (or dates the period keys cannot order).
    pub(crate) fn of(range: DateRange) -> Option<Self> {
        let representable = |d: &NaiveDate| (1..=9999).contains(&d.year());
        if !range.from.iter().chain(range.to.iter()).all(representable) {
            return None;
        }
        let mut edges = Vec::new();
        let first = match range.from {
            Some(from) if from.day() != 1 => {
                let next = from.with_day(1)?.checked_add_months(Months::new(1))?;
                edges.push(DateRange { from: Some(from), to: next.pred_opt() });
                Some(next)
            }
            other => other,
        };
        let last = match range.to {
            Some(to) if to.succ_opt().is_some_and(|next| next.month() == to.month()) => {
                let start = to.with_day(1)?;
                edges.push(DateRange { from: Some(start), to: Some(to) });
                Some(start.pred_opt()?)
            }
            other => other,
        };
        if let (Some(first), Some(last)) = (first, last) {
            if first > last {
                return None;
            }
        }
        let month = |d: NaiveDate| (d.year(), d.month());
        Some(Self { first: first.map(month), last: last.map(month), edges })
    }

    /// The cells' period keys (see [`cells::period`]) that add up to these months, as ranges
    /// `(lowest, highest)` of the `month` column: the all-time key for an open range, else the
    /// whole years inside from the year cells and the months before and after them from the
    /// month cells. At most three ranges, none of them overlapping.
    pub(crate) fn periods(&self) -> Vec<(String, String)> {
        use cells::period;
        let (first, last) = (self.first, self.last);
        if first.is_none() && last.is_none() {
            return vec![(period::ALL.to_owned(), period::ALL.to_owned())];
        }
        // The whole years: from the first whole month's year (the next if it starts mid-year)
        // to the last's (the previous if it ends mid-year).
        let first_year = first.map(|(year, month)| if month == 1 { year } else { year + 1 });
        let last_year = last.map(|(year, month)| if month == 12 { year } else { year - 1 });
        let years = match (first_year, last_year) {
            (Some(from), _) if from > 9999 => None,
            (Some(from), Some(to)) if from > to => None,
            (from, to) => Some((from.unwrap_or(0), to.unwrap_or(9999))),
        };
        let month_key = |bound: Option<(i32, u32)>, open: &str| {
            bound.map_or_else(|| open.to_owned(), |(year, month)| period::month(year, month))
        };
        let Some((from_year, to_year)) = years else {
            return vec![(month_key(first, "0000-00"), month_key(last, "9999-99"))];
        };
        let mut periods = Vec::with_capacity(3);
        if let Some((year, month)) = first.filter(|(_, month)| *month != 1) {
            periods.push((period::month(year, month), period::month(year, 12)));
        }
        periods.push((period::year(from_year), period::year(to_year)));
        if let Some((year, month)) = last.filter(|(_, month)| *month != 12) {
            periods.push((period::month(year, 1), period::month(year, month)));
        }
        periods
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn periods(from: Option<&str>, to: Option<&str>) -> Option<Vec<(String, String)>> {
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date");
        WholeMonths::of(DateRange { from: from.map(date), to: to.map(date) }).map(|m| m.periods())
    }

    #[expect(clippy::unnecessary_wraps, reason = "compared with what `periods` returns, an Option")]
    fn keys(ranges: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(ranges.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect())
    }

    #[test]
    fn an_open_range_reads_the_all_time_cells() {
        assert_eq!(periods(None, None), keys(&[("ALL", "ALL")]));
    }

    #[test]
    fn whole_years_read_year_cells_and_the_months_around_them_month_cells() {
        assert_eq!(periods(Some("2019-01-01"), Some("2021-12-31")), keys(&[("Y2019", "Y2021")]));
        assert_eq!(
            periods(Some("2019-11-01"), Some("2021-02-28")),
            keys(&[("2019-11", "2019-12"), ("Y2020", "Y2020"), ("2021-01", "2021-02")])
        );
        // Partial months at the ends belong to the detail tables: 2019-12 to 2020-12 remain.
        assert_eq!(
            periods(Some("2019-11-05"), Some("2021-01-12")),
            keys(&[("2019-12", "2019-12"), ("Y2020", "Y2020")])
        );
    }

    #[test]
    fn a_range_open_at_one_end_reads_every_year_on_that_side() {
        assert_eq!(periods(Some("2020-06-01"), None), keys(&[("2020-06", "2020-12"), ("Y2021", "Y9999")]));
        assert_eq!(periods(None, Some("2020-05-19")), keys(&[("Y0000", "Y2019"), ("2020-01", "2020-04")]));
        assert_eq!(periods(Some("9999-03-01"), None), keys(&[("9999-03", "9999-99")]));
        assert_eq!(periods(None, Some("0001-12-31")), keys(&[("Y0000", "Y0001")]));
    }

    #[test]
    fn months_of_less_than_a_whole_year_read_month_cells() {
        assert_eq!(periods(Some("2019-03-15"), Some("2020-02-10")), keys(&[("2019-04", "2020-01")]));
        assert_eq!(periods(Some("2020-02-01"), Some("2020-11-30")), keys(&[("2020-02", "2020-11")]));
        assert_eq!(periods(Some("2020-01-14"), Some("2020-01-21")), None);
    }

    #[test]
    fn period_keys_never_fall_inside_a_range_of_month_keys() {
        for key in [cells::period::ALL.to_owned(), cells::period::year(0), cells::period::year(9999)] {
            assert!(!("0000-00".to_owned()..="9999-99".to_owned()).contains(&key), "{key}");
        }
        assert!(!("Y0000".to_owned()..="Y9999".to_owned()).contains(&cells::period::ALL.to_owned()));
    }
}

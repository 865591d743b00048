//! Head-counts: numbers of people, never negative.

use serde::{Deserialize, Serialize};

use super::ValueError;

/// A number of people: never negative. Commands also keep it within
/// [`MAX_HEADCOUNT`](crate::bounds::MAX_HEADCOUNT); the type itself takes up to `u32::MAX`, so
/// events stored before that bound still load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Headcount(u32);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(
    Headcount,
    crate::schema::up_to(
        crate::bounds::MAX_HEADCOUNT,
        "A number of people, at most 1000000 (and a whole tally too)"
    )
);

impl Headcount {
    pub fn new(count: u32) -> Self {
        Self(count)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for Headcount {
    type Error = ValueError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        if value < 0 {
            return Err(ValueError::NegativeCount(value));
        }
        u32::try_from(value).map(Self).map_err(|_| ValueError::CountTooLarge(value))
    }
}

impl From<Headcount> for u32 {
    fn from(value: Headcount) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headcounts_are_never_negative() {
        assert_eq!(Headcount::try_from(-1), Err(ValueError::NegativeCount(-1)));
        assert_eq!(Headcount::try_from(12), Ok(Headcount::new(12)));
        assert_eq!(
            Headcount::try_from(i64::from(u32::MAX) + 1),
            Err(ValueError::CountTooLarge(i64::from(u32::MAX) + 1))
        );
        let parsed: Result<Headcount, _> = serde_json::from_str("-3");
        assert!(parsed.is_err_and(|e| e.to_string().contains("cannot be negative")));
    }
}

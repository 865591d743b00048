//! One problem of one imported row: the rule it breaks and the row, column and value it
//! concerns. The answer ([`super::report`]) and the bounded list ([`super::problems`]) both
//! hold these.

use serde::Serialize;
use tatrack_domain::ActivityError;
use utoipa::ToSchema;

/// The rule a row or cell breaks. Those from `end_before_start` on are the domain's own rules,
/// decided by the same commands as the API's; the others are the file's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The header lacks a column every file needs.
    MissingColumn,
    /// The header names a column the import does not know.
    UnknownColumn,
    /// The header names a column twice.
    DuplicateColumn,
    /// The row has a value past the header's last column.
    TooManyCells,
    /// The cell is empty but the row needs it.
    Required,
    /// The cell cannot be read as its column's type (date, country, kind, number...), or holds
    /// a day that never was (Excel's 29 February 1900).
    Invalid,
    /// The cell holds a spreadsheet error (`#DIV/0!`, `#N/A`...), computed by a formula or
    /// written as its name in a CSV, not a value.
    FormulaError,
    /// The cell holds a formula saved without its computed value.
    FormulaWithoutValue,
    /// The cell must stay empty for this row (a cancellation reason on a row not cancelled).
    NotAllowed,
    /// No programme is registered under the code.
    UnknownProgramme,
    /// The activity lies outside the countries or programmes of the importer's token.
    OutsideScope,
    /// An earlier row of the file has the same id.
    DuplicateId,
    /// The row's commands leave the activity in another status than the one it names.
    StatusNotReached,
    EndBeforeStart,
    NoCountries,
    DuplicateCountry,
    BreakdownExceedsTotal,
    CountryNotInActivity,
    Amount,
    HeadcountTooLarge,
    TallyTooLarge,
    DateOutOfRange,
    ControlCharacter,
    NotPlanned,
    AlreadyPlanned,
    Cancelled,
    AlreadyCancelled,
    Reported,
    AlreadyDelivered,
    NotDelivered,
    NoFundingFromDonor,
    NothingToCorrect,
    /// A delivery date after tomorrow (UTC).
    DeliveryInFuture,
    /// A reported training or workshop without its participants.
    ParticipantsMissing,
    /// Rules of amendments and voiding, which an import never sends; listed for completeness.
    Voided,
    AlreadyVoided,
    NothingToAmend,
    NotRecorded,
    /// The store refused a command while writing (a concurrent change since the check).
    WriteFailed,
}

impl From<&ActivityError> for Rule {
    fn from(error: &ActivityError) -> Self {
        match error {
            ActivityError::NotPlanned => Self::NotPlanned,
            ActivityError::AlreadyPlanned => Self::AlreadyPlanned,
            ActivityError::EndBeforeStart { .. } => Self::EndBeforeStart,
            ActivityError::NoCountries => Self::NoCountries,
            ActivityError::DuplicateCountry(_) => Self::DuplicateCountry,
            ActivityError::Cancelled => Self::Cancelled,
            ActivityError::AlreadyCancelled => Self::AlreadyCancelled,
            ActivityError::Reported => Self::Reported,
            ActivityError::AlreadyDelivered => Self::AlreadyDelivered,
            ActivityError::NotDelivered => Self::NotDelivered,
            ActivityError::BreakdownExceedsTotal { .. } => Self::BreakdownExceedsTotal,
            ActivityError::CountryNotInActivity(_) => Self::CountryNotInActivity,
            ActivityError::Amount(_) => Self::Amount,
            ActivityError::NoFundingFromDonor(_) => Self::NoFundingFromDonor,
            ActivityError::NothingToCorrect => Self::NothingToCorrect,
            ActivityError::HeadcountTooLarge { .. } => Self::HeadcountTooLarge,
            ActivityError::TallyTooLarge => Self::TallyTooLarge,
            ActivityError::Date(_) => Self::DateOutOfRange,
            ActivityError::Text(_) => Self::ControlCharacter,
            ActivityError::DeliveryInFuture { .. } => Self::DeliveryInFuture,
            ActivityError::ParticipantsMissing { .. } => Self::ParticipantsMissing,
            ActivityError::Voided => Self::Voided,
            ActivityError::AlreadyVoided => Self::AlreadyVoided,
            ActivityError::NothingToAmend => Self::NothingToAmend,
            // An import sends no attendance list.
            ActivityError::NoParticipantsRecorded
            | ActivityError::AttendeeTwice(_)
            | ActivityError::UnknownAttendee(_)
            | ActivityError::AttendanceNeedsReason
            | ActivityError::NoSuchFundingLine { .. }
            | ActivityError::NoSuchOutput { .. } => Self::NotRecorded,
        }
    }
}

/// One problem of one row. Problems are ordered by row, then column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
pub struct RowError {
    /// The row as a spreadsheet numbers it: the header is row 1, the first data row 2.
    pub row: u64,
    /// The column at fault, by its header name; absent when the row as a whole is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The cell's text as the file holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub rule: Rule,
    /// The rule in words.
    pub detail: String,
}

impl RowError {
    /// A problem of the row as a whole.
    pub fn row(row: u64, rule: Rule, detail: String) -> Self {
        Self { row, column: None, value: None, rule, detail }
    }

    /// A problem of one cell.
    pub fn cell(row: u64, column: &str, value: &str, rule: Rule, detail: String) -> Self {
        Self {
            row,
            column: Some(column.to_owned()),
            value: (!value.is_empty()).then(|| value.to_owned()),
            rule,
            detail,
        }
    }
}

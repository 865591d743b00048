//! Every rule of the activity's life a user can break, one variant each.

use tatrack_i18n::{msg, Message};

use crate::bounds::MAX_HEADCOUNT;

/// Why an activity refused a command. Tests match the variant, never the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivityError {
    #[error("no activity has been planned under this id")]
    NotPlanned,
    #[error("an activity with this id is already planned")]
    AlreadyPlanned,
    #[error("`{end_field}` falls before the start date")]
    EndBeforeStart { end_field: &'static str },
    #[error("an activity takes place in at least one country")]
    NoCountries,
    #[error("country {0} is listed twice")]
    DuplicateCountry(String),
    #[error("the activity was cancelled; only a correction or a funding withdrawal can change its record")]
    Cancelled,
    #[error("the activity is already cancelled")]
    AlreadyCancelled,
    #[error(
        "the activity was reported and is locked; send an amendment of what happened or a correction of \
         planned fields, with a reason, instead"
    )]
    Reported,
    #[error("the activity was voided; its record can no longer change")]
    Voided,
    #[error("the activity is already voided")]
    AlreadyVoided,
    #[error("the amendment changes nothing: the record already holds every value given")]
    NothingToAmend,
    #[error("no participants tally was ever recorded for this activity, so there is none to amend")]
    NoParticipantsRecorded,
    #[error("the activity has no funding line {line}: it has {lines}, counted from 0")]
    NoSuchFundingLine { line: u32, lines: usize },
    #[error("the activity has no output {output}: it has {outputs}, counted from 0")]
    NoSuchOutput { output: u32, outputs: usize },
    #[error(
        "`{field}` falls after {latest}: a delivery cannot be in the future (today in UTC, with one day \
         allowed for time zones)"
    )]
    DeliveryInFuture { field: &'static str, latest: chrono::NaiveDate },
    #[error("a delivered {kind} is reported with its participants: record the participants tally first")]
    ParticipantsMissing { kind: &'static str },
    #[error("the activity has already been delivered")]
    AlreadyDelivered,
    #[error("the activity has not been delivered yet")]
    NotDelivered,
    #[error("the breakdown in `{field}` adds up to more than the participants recorded")]
    BreakdownExceedsTotal { field: &'static str },
    #[error("country {0} is not one of the activity's countries")]
    CountryNotInActivity(String),
    #[error("{0}")]
    Amount(#[from] crate::money::AmountError),
    #[error("donor '{0}' has no funding attributed to this activity")]
    NoFundingFromDonor(String),
    #[error("the correction changes nothing: every field already has the value given")]
    NothingToCorrect,
    #[error("`{field}` cannot exceed {max} people", max = crate::bounds::MAX_HEADCOUNT)]
    HeadcountTooLarge { field: String },
    #[error("a tally cannot count more than {max} people in all", max = crate::bounds::MAX_HEADCOUNT)]
    TallyTooLarge,
    #[error("participant {0} is listed twice")]
    AttendeeTwice(String),
    #[error("participant {0} is not registered")]
    UnknownAttendee(String),
    #[error("a reported activity's list needs a `reason`")]
    AttendanceNeedsReason,
    #[error("{0}")]
    Date(#[from] crate::bounds::DateOutOfRange),
    #[error("{0}")]
    Text(#[from] crate::bounds::ControlCharacter),
}

impl ActivityError {
    /// The request field a rule about one value names (its path in the command's body), so a
    /// client can show the refusal beside its input. None for a conflict with the record's
    /// state, and for a rule about the values together.
    pub fn field(&self) -> Option<String> {
        let field = match self {
            Self::EndBeforeStart { end_field: field }
            | Self::BreakdownExceedsTotal { field }
            | Self::DeliveryInFuture { field, .. } => field,
            Self::NoCountries | Self::DuplicateCountry(_) => "countries",
            Self::CountryNotInActivity(_) => "by_country",
            Self::Amount(_) => "amount",
            Self::AttendeeTwice(_) | Self::UnknownAttendee(_) => "attendees",
            Self::AttendanceNeedsReason => "reason",
            Self::NothingToCorrect => "changes",
            Self::NoSuchFundingLine { .. } => "line",
            Self::NoSuchOutput { .. } => "output",
            Self::Date(date) => date.field,
            Self::HeadcountTooLarge { field } => return Some(field.clone()),
            Self::Text(text) => return Some(text.field.clone()),
            _ => return None,
        };
        Some(field.to_owned())
    }
}

impl ActivityError {
    /// The rule as a message to read in the user's language; the same arguments as the English
    /// `Display` above.
    pub fn message(&self) -> Message {
        match self {
            Self::NotPlanned => msg("problem-activity-not-planned"),
            Self::AlreadyPlanned => msg("problem-activity-already-planned"),
            Self::EndBeforeStart { end_field } => msg("problem-end-before-start").with("field", *end_field),
            Self::NoCountries => msg("problem-activity-no-countries"),
            Self::DuplicateCountry(country) => msg("problem-country-twice").with("country", country.as_str()),
            Self::Cancelled => msg("problem-activity-cancelled"),
            Self::AlreadyCancelled => msg("problem-activity-already-cancelled"),
            Self::Reported => msg("problem-activity-reported"),
            Self::Voided => msg("problem-activity-voided"),
            Self::AlreadyVoided => msg("problem-activity-already-voided"),
            Self::NothingToAmend => msg("problem-nothing-to-amend"),
            Self::NoParticipantsRecorded => msg("problem-no-participants-recorded"),
            Self::NoSuchFundingLine { line, lines } => {
                msg("problem-no-such-funding-line").with("line", *line).with("lines", *lines)
            }
            Self::NoSuchOutput { output, outputs } => {
                msg("problem-no-such-output").with("output", *output).with("outputs", *outputs)
            }
            Self::DeliveryInFuture { field, latest } => {
                msg("problem-delivery-in-future").with("field", *field).with("latest", latest.to_string())
            }
            Self::ParticipantsMissing { kind } => msg("problem-participants-missing").with("kind", *kind),
            Self::AlreadyDelivered => msg("problem-activity-already-delivered"),
            Self::NotDelivered => msg("problem-activity-not-delivered"),
            Self::BreakdownExceedsTotal { field } => {
                msg("problem-breakdown-exceeds-total").with("field", *field)
            }
            Self::CountryNotInActivity(country) => {
                msg("problem-country-not-in-activity").with("country", country.as_str())
            }
            Self::Amount(amount) => amount.message(),
            Self::NoFundingFromDonor(donor) => {
                msg("problem-no-funding-from-donor").with("donor", donor.as_str())
            }
            Self::NothingToCorrect => msg("problem-nothing-to-correct"),
            Self::HeadcountTooLarge { field } => {
                msg("problem-headcount-too-large").with("field", field.as_str()).with("max", MAX_HEADCOUNT)
            }
            Self::TallyTooLarge => msg("problem-tally-too-large").with("max", MAX_HEADCOUNT),
            Self::AttendeeTwice(id) => msg("problem-attendee-twice").with("id", id.as_str()),
            Self::UnknownAttendee(id) => msg("problem-unknown-attendee").with("id", id.as_str()),
            Self::AttendanceNeedsReason => msg("problem-attendance-needs-reason"),
            Self::Date(date) => date.message(),
            Self::Text(text) => text.message(),
        }
    }
}

//! What happened to an activity, as stored. Each payload is its own type, apart from the request
//! body that caused it: a request field can be renamed or dropped without touching a stored
//! event. Payloads ignore fields they do not know, so an event written by a newer version reads
//! in an older one.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::participant::Score;
use crate::values::{
    CountryCode, Currency, Headcount, NonEmptyText, OrganisationId, ParticipantId, ProgrammeId,
};
use crate::vocabulary::{ActivityKind, DeliveryMode, Institution, OutputKind};

/// Everything about an activity that is planned, and so corrected rather than re-recorded.
/// Also the planned part of the activity's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedFields {
    pub programme_id: ProgrammeId,
    pub kind: ActivityKind,
    pub title: NonEmptyText,
    pub countries: Vec<CountryCode>,
    pub location: NonEmptyText,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub description: Option<NonEmptyText>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rescheduled {
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    #[serde(default)]
    pub reason: Option<NonEmptyText>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivered {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub mode: DeliveryMode,
}

/// Who attended, by sex.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headcounts {
    pub female: Headcount,
    pub male: Headcount,
    pub other_or_undisclosed: Headcount,
}

/// A tally of participants; it replaces the previous one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantsTallied {
    pub female: Headcount,
    pub male: Headcount,
    pub other_or_undisclosed: Headcount,
    #[serde(default)]
    pub by_institution: Option<BTreeMap<Institution, Headcount>>,
    #[serde(default)]
    pub by_country: Option<BTreeMap<CountryCode, Headcounts>>,
}

/// Money a donor put towards the activity. Since 1.1 it names the funding organisation by id;
/// `donor` stays the name as it was recorded (1.0 events have a name only, which readers resolve
/// through the organisations' names and aliases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingAttributed {
    pub donor: NonEmptyText,
    /// The funding organisation; `None` for a line recorded under a free-text name.
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    /// Stored as the decimal string it was accepted as, such as "12000.00".
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingWithdrawn {
    pub donor: NonEmptyText,
    pub reason: NonEmptyText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRecorded {
    pub kind: OutputKind,
    pub description: NonEmptyText,
}

/// A correction of planned fields, holding only the fields whose value changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Corrected {
    pub reason: NonEmptyText,
    pub changes: CorrectedFields,
}

/// The planned fields a correction set; absent ones stayed as they were.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CorrectedFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<ProgrammeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActivityKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<NonEmptyText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<CountryCode>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<NonEmptyText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_end: Option<NaiveDate>,
    /// Since version 1.1: absent, unchanged; `null`, cleared; a text, set. (Version 1.0 could
    /// only set it; its upcaster drops a `null`, which meant "unchanged" then.)
    #[serde(default, deserialize_with = "crate::values::present", skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<NonEmptyText>>,
}

impl CorrectedFields {
    /// `planned` with these changes applied.
    pub fn applied_to(&self, planned: &PlannedFields) -> PlannedFields {
        let changes = self.clone();
        let planned = planned.clone();
        PlannedFields {
            programme_id: changes.programme_id.unwrap_or(planned.programme_id),
            kind: changes.kind.unwrap_or(planned.kind),
            title: changes.title.unwrap_or(planned.title),
            countries: changes.countries.unwrap_or(planned.countries),
            location: changes.location.unwrap_or(planned.location),
            planned_start: changes.planned_start.unwrap_or(planned.planned_start),
            planned_end: changes.planned_end.unwrap_or(planned.planned_end),
            description: changes.description.unwrap_or(planned.description),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancelled {
    pub reason: NonEmptyText,
}

/// The delivery of a delivered or reported activity, amended: it replaces the one recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryAmended {
    pub reason: NonEmptyText,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub mode: DeliveryMode,
}

/// The participants tally, amended: it replaces the one recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantsAmended {
    pub reason: NonEmptyText,
    pub participants: ParticipantsTallied,
}

/// One standing funding line, amended. `line` is its place among the lines standing when the
/// amendment was recorded, from 0. Since 1.1 it names the funding organisation by id, as
/// [`FundingAttributed`] does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingAmended {
    pub reason: NonEmptyText,
    pub line: u32,
    pub donor: NonEmptyText,
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    /// Stored as the decimal string it was accepted as, such as "12000.00".
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub currency: Currency,
}

/// One recorded output, amended. `output` is its place among the outputs then, from 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputAmended {
    pub reason: NonEmptyText,
    pub output: u32,
    pub kind: OutputKind,
    pub description: NonEmptyText,
}

/// One output removed as recorded in error. `output` is its place among the outputs then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRemoved {
    pub reason: NonEmptyText,
    pub output: u32,
}

/// A duplicate or mistaken record, voided: it counts nowhere from then on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voided {
    pub reason: NonEmptyText,
}

/// One person on an attendance list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attended {
    pub participant_id: ParticipantId,
    pub pre_score: Option<Score>,
    pub post_score: Option<Score>,
    pub match_confirmed: bool,
}

/// Who attended, person by person; it replaces the previous list. The tally counted from it is
/// recorded beside it (`ParticipantsRecorded` or, once reported, `ParticipantsAmended`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRecorded {
    pub attendees: Vec<Attended>,
}

events! {
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum ActivityEvent {
        ActivityPlanned(PlannedFields),
        ActivityRescheduled(Rescheduled),
        ActivityDelivered(Delivered),
        ParticipantsRecorded(ParticipantsTallied),
        FundingAttributed(FundingAttributed),
        FundingWithdrawn(FundingWithdrawn),
        OutputRecorded(OutputRecorded),
        ActivityCorrected(Corrected),
        ActivityCancelled(Cancelled),
        ActivityReported,
        DeliveryAmended(DeliveryAmended),
        ParticipantsAmended(ParticipantsAmended),
        FundingAmended(FundingAmended),
        OutputAmended(OutputAmended),
        OutputRemoved(OutputRemoved),
        ActivityVoided(Voided),
        AttendanceRecorded(AttendanceRecorded),
    }
}

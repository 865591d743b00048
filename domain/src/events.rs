//! The facts tatrack records, named in the past tense. Stored forever: a change of shape gets a
//! new `event_version` and an upcaster, never a rewrite of old events.

use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use crate::activity::{
    Cancellation, Correction, Delivery, Funding, FundingWithdrawal, Output, Participants, Reschedule,
};
use crate::programme::Contribution;
use crate::values::{CountryCode, NonEmptyText, ProgrammeCode, ProgrammeId};
use crate::vocabulary::{ActivityKind, ThematicArea};

/// The version every event type has today.
pub const EVENT_VERSION: &str = "1.0";

/// Everything about an activity that is planned, and so corrected rather than re-recorded.
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
pub enum ActivityEvent {
    ActivityPlanned(PlannedFields),
    ActivityRescheduled(Reschedule),
    ActivityDelivered(Delivery),
    ParticipantsRecorded(Participants),
    FundingAttributed(Funding),
    FundingWithdrawn(FundingWithdrawal),
    OutputRecorded(Output),
    /// Holds only the fields whose value changed.
    ActivityCorrected(Correction),
    ActivityCancelled(Cancellation),
    ActivityReported,
}

impl DomainEvent for ActivityEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ActivityPlanned(_) => "ActivityPlanned",
            Self::ActivityRescheduled(_) => "ActivityRescheduled",
            Self::ActivityDelivered(_) => "ActivityDelivered",
            Self::ParticipantsRecorded(_) => "ParticipantsRecorded",
            Self::FundingAttributed(_) => "FundingAttributed",
            Self::FundingWithdrawn(_) => "FundingWithdrawn",
            Self::OutputRecorded(_) => "OutputRecorded",
            Self::ActivityCorrected(_) => "ActivityCorrected",
            Self::ActivityCancelled(_) => "ActivityCancelled",
            Self::ActivityReported => "ActivityReported",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        EVENT_VERSION.to_owned()
    }
}

/// A programme's registration: its code, name and thematic area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeRegistration {
    pub code: ProgrammeCode,
    pub name: NonEmptyText,
    pub thematic_area: ThematicArea,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProgrammeEvent {
    ProgrammeRegistered(ProgrammeRegistration),
    ContributionRecorded(Contribution),
}

impl DomainEvent for ProgrammeEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ProgrammeRegistered(_) => "ProgrammeRegistered",
            Self::ContributionRecorded(_) => "ContributionRecorded",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        EVENT_VERSION.to_owned()
    }
}

//! What happened to a programme, as stored; apart from the request bodies, tolerant of fields a
//! newer version adds (see [`super::activity`]).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::results::{ActualReported, IndicatorDefined, IndicatorRevised, OutcomeDefined};
use crate::values::{Currency, NonEmptyText, OrganisationId, ProgrammeCode};
use crate::vocabulary::ThematicArea;

/// A programme's registration: its code, name and thematic area. Also the registration part of
/// the programme's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeRegistration {
    pub code: ProgrammeCode,
    pub name: NonEmptyText,
    pub thematic_area: ThematicArea,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// Money a donor gave the programme. Since 1.1 it names the organisation by id; `donor` stays
/// the name as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionRecorded {
    pub donor: NonEmptyText,
    /// The contributing organisation; `None` for a contribution recorded under a free-text name.
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    /// Stored as the decimal string it was accepted as, such as "1500000.00".
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub currency: Currency,
    pub received_on: NaiveDate,
}

events! {
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum ProgrammeEvent {
        ProgrammeRegistered(ProgrammeRegistration),
        ContributionRecorded(ContributionRecorded),
        OutcomeDefined(OutcomeDefined),
        IndicatorDefined(IndicatorDefined),
        IndicatorRevised(IndicatorRevised),
        ActualReported(ActualReported),
    }
}

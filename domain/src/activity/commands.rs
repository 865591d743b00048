//! What a field adviser asks of an activity. The field names are the API's request bodies.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::participant::{Categories, Score};
use crate::values::{
    ActivityId, CountryCode, Currency, Headcount, Money, NonEmptyText, OrganisationId, ParticipantId,
    ProgrammeId,
};
use crate::vocabulary::{ActivityKind, DeliveryMode, Institution, OutputKind};

/// Serializes as the request body it came from (for the text rule, `check_text`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ActivityCommand {
    Plan(PlanActivity),
    Reschedule(Reschedule),
    RecordDelivery(Dated<Delivery>),
    RecordParticipants(Participants),
    AttributeFunding(Funding),
    WithdrawFunding(FundingWithdrawal),
    RecordOutput(Output),
    Correct(Correction),
    Cancel(Cancellation),
    Report(ReportActivity),
    AmendDelivery(Dated<DeliveryAmendment>),
    AmendParticipants(ParticipantsAmendment),
    AmendFunding(FundingAmendment),
    AmendOutput(OutputAmendment),
    RemoveOutput(OutputRemoval),
    Void(Voiding),
    RecordAttendance(AttendanceList),
}

impl ActivityCommand {
    /// Whether the command amends what happened (with a reason), which a reported activity takes.
    pub fn is_amendment(&self) -> bool {
        self.action().is_amendment()
    }

    /// Whether the command names a funding line or an output by its place in the record. Such a
    /// command holds only at the version its sender read (a withdrawal or a removal since would
    /// make the place name another line), so the API takes it only with `If-Match`.
    pub fn names_a_place(&self) -> bool {
        matches!(self, Self::AmendFunding(_) | Self::AmendOutput(_) | Self::RemoveOutput(_))
    }
}

/// A command whose rules depend on the day it is decided on. The domain reads no clock: the
/// sender gives `today` (UTC), so the rule is as testable as any other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dated<T> {
    /// The request body, serialized as it came.
    #[serde(flatten)]
    pub body: T,
    /// The day in UTC when the command is decided; not part of the request.
    #[serde(skip)]
    pub today: NaiveDate,
}

impl<T> Dated<T> {
    pub fn new(body: T, today: NaiveDate) -> Self {
        Self { body, today }
    }
}

/// Opens an activity's record. The id is the client's, so a retried plan is recognised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanActivity {
    pub id: ActivityId,
    pub programme_id: ProgrammeId,
    pub kind: ActivityKind,
    pub title: NonEmptyText,
    /// One or more ISO 3166-1 alpha-3 codes; several make a regional activity.
    pub countries: Vec<CountryCode>,
    pub location: NonEmptyText,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    #[serde(default)]
    pub description: Option<NonEmptyText>,
}

/// Moves the planned dates of an activity that has not happened yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reschedule {
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    #[serde(default)]
    pub reason: Option<NonEmptyText>,
}

/// When and how the activity actually took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub mode: DeliveryMode,
}

/// Participants by sex, split by sex per country for regional activities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    pub female: Headcount,
    pub male: Headcount,
    pub other_or_undisclosed: Headcount,
}

impl Attendance {
    pub fn total(&self) -> u64 {
        u64::from(self.female.get()) + u64::from(self.male.get()) + u64::from(self.other_or_undisclosed.get())
    }
}

/// The tally of who attended. A new tally replaces the previous one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Participants {
    pub female: Headcount,
    pub male: Headcount,
    pub other_or_undisclosed: Headcount,
    /// Participants per institution; the sum may fall short of the total, never exceed it.
    #[serde(default)]
    pub by_institution: Option<BTreeMap<Institution, Headcount>>,
    /// For regional activities: participants per country of the activity.
    #[serde(default)]
    pub by_country: Option<BTreeMap<CountryCode, Attendance>>,
}

impl Participants {
    pub fn attendance(&self) -> Attendance {
        Attendance { female: self.female, male: self.male, other_or_undisclosed: self.other_or_undisclosed }
    }
}

/// Money a donor puts towards this activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// The donor's name as recorded: the organisation's canonical name when only its id is given.
    pub donor: NonEmptyText,
    /// The funding organisation, by id. A request may name the donor by a name or alias
    /// instead: the API resolves it to the one organisation that claims it before the command is
    /// decided. Absent only for a name no organisation claims (recorded as free text, which
    /// `tatrack organisation migrate` registers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<OrganisationId>,
    /// A plain decimal string, such as "12000.00": no more decimals than the currency's minor
    /// unit, at most 10000000000000.
    #[serde(with = "crate::values::plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12000.00", pattern = "^[0-9]+(\\.[0-9]+)?$"))]
    pub amount: Decimal,
    pub currency: Currency,
}

impl Funding {
    pub fn money(&self) -> Money {
        Money { amount: self.amount, currency: self.currency }
    }
}

/// Takes back everything a donor attributed to this activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FundingWithdrawal {
    pub donor: NonEmptyText,
    pub reason: NonEmptyText,
}

/// A lasting result the activity contributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Output {
    pub kind: OutputKind,
    pub description: NonEmptyText,
}

/// Fixes planned fields recorded wrongly; the only change a reported activity accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub reason: NonEmptyText,
    pub changes: PlannedFieldChanges,
}

/// The planned fields a correction sets; absent ones stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlannedFieldChanges {
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
    /// `null` clears the description; absent leaves it as it is.
    #[serde(default, deserialize_with = "crate::values::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NonEmptyText>))]
    pub description: Option<Option<NonEmptyText>>,
}

/// Replaces the recorded delivery (dates and mode) of a delivered or reported activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliveryAmendment {
    pub reason: NonEmptyText,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub mode: DeliveryMode,
}

/// Replaces the recorded participants tally of a delivered or reported activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ParticipantsAmendment {
    pub reason: NonEmptyText,
    pub participants: Participants,
}

/// Replaces one standing funding line (donor, amount, currency) of a delivered or reported
/// activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FundingAmendment {
    pub reason: NonEmptyText,
    /// The line's place in the activity's `funding`, from 0.
    pub line: u32,
    pub donor: NonEmptyText,
    /// The funding organisation, by id. A request may name the donor by a name or alias
    /// instead: the API resolves it to the one organisation that claims it before the command is
    /// decided. Absent only for a name no organisation claims (recorded as free text, which
    /// `tatrack organisation migrate` registers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<OrganisationId>,
    /// A plain decimal string, as for an attribution.
    #[serde(with = "crate::values::plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12000.00", pattern = "^[0-9]+(\\.[0-9]+)?$"))]
    pub amount: Decimal,
    pub currency: Currency,
}

impl FundingAmendment {
    /// The line as the amendment leaves it.
    pub fn funding(&self) -> Funding {
        Funding {
            donor: self.donor.clone(),
            organisation_id: self.organisation_id,
            amount: self.amount,
            currency: self.currency,
        }
    }
}

/// Replaces the kind and description of one recorded output of a delivered or reported
/// activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OutputAmendment {
    pub reason: NonEmptyText,
    /// The output's place in the activity's `outputs`, from 0.
    pub output: u32,
    pub kind: OutputKind,
    pub description: NonEmptyText,
}

/// Removes an output recorded in error from a delivered or reported activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OutputRemoval {
    pub reason: NonEmptyText,
    /// The output's place in the activity's `outputs`, from 0.
    pub output: u32,
}

/// Voids a duplicate or mistaken record: it then counts nowhere, and stays in history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Voiding {
    pub reason: NonEmptyText,
}

/// Calls the activity off before it happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Cancellation {
    pub reason: NonEmptyText,
}

/// Locks a delivered activity's record once it has been reported to donors. Its body is `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportActivity {}

/// Only an empty object: serde would otherwise also take `[]` for a struct without fields.
impl<'de> Deserialize<'de> for ReportActivity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = BTreeMap::<String, serde::de::IgnoredAny>::deserialize(deserializer)?;
        match fields.keys().next() {
            None => Ok(Self {}),
            Some(field) => Err(serde::de::Error::unknown_field(field, &[])),
        }
    }
}

/// One person on an attendance list, with their test scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    pub participant_id: ParticipantId,
    #[serde(default)]
    pub pre_score: Option<Score>,
    #[serde(default)]
    pub post_score: Option<Score>,
    /// The adviser confirmed a suggested match: this is a person tatrack already knew.
    #[serde(default)]
    pub match_confirmed: bool,
}

/// Who attended, person by person; it replaces the previous list, and the tally follows from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceList {
    /// Ids, scores and flags: no text for the text rule to read, so not serialized for it.
    #[serde(skip_serializing)]
    pub attendees: Vec<Attendee>,
    /// Required once the activity is reported: the list then amends what was recorded.
    #[serde(default)]
    pub reason: Option<NonEmptyText>,
    /// Each attendee's categories, which the app reads from the participants' records: the tally
    /// is counted from them. Not part of the request.
    #[serde(skip)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub categories: BTreeMap<ParticipantId, Categories>,
}

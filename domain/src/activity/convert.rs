//! Requests become events in `decide`, events become the record's values in `apply`: the two
//! sides meet only here, so a request body can change shape without touching stored history.

use std::collections::BTreeMap;

use crate::events::activity::{
    Cancelled, Corrected, CorrectedFields, Delivered, DeliveryAmended, FundingAmended, FundingAttributed,
    FundingWithdrawn, Headcounts, OutputAmended, OutputRecorded, OutputRemoved, ParticipantsAmended,
    ParticipantsTallied, PlannedFields, Rescheduled, Voided,
};
use crate::values::CountryCode;

use super::commands::{
    Attendance, Cancellation, Correction, Delivery, DeliveryAmendment, Funding, FundingAmendment,
    FundingWithdrawal, Output, OutputAmendment, OutputRemoval, Participants, ParticipantsAmendment,
    PlanActivity, PlannedFieldChanges, Reschedule, Voiding,
};

// The plan's id is its stream's, not a planned field.
crate::moved_fields!(PlanActivity => PlannedFields {
    programme_id, kind, title, countries, location, planned_start, planned_end, description
});
crate::moved_fields!(Reschedule => Rescheduled { planned_start, planned_end, reason });
crate::moved_fields!(Delivery <=> Delivered { start, end, mode });
crate::moved_fields!(Attendance <=> Headcounts { female, male, other_or_undisclosed });
crate::moved_fields!(Participants <=> ParticipantsTallied {
    female, male, other_or_undisclosed, by_institution, by_country: by_country
});
crate::moved_fields!(Funding <=> FundingAttributed { donor, organisation_id, amount, currency });
crate::moved_fields!(FundingWithdrawal => FundingWithdrawn { donor, reason });
crate::moved_fields!(Output <=> OutputRecorded { kind, description });
crate::moved_fields!(Cancellation => Cancelled { reason });
crate::moved_fields!(PlannedFieldChanges => CorrectedFields {
    programme_id, kind, title, countries, location, planned_start, planned_end, description
});
crate::moved_fields!(Correction => Corrected { reason, changes: Into::into });
crate::moved_fields!(DeliveryAmendment => DeliveryAmended { reason, start, end, mode });
crate::moved_fields!(DeliveryAmended => Delivery { start, end, mode });
crate::moved_fields!(ParticipantsAmendment => ParticipantsAmended { reason, participants: Into::into });
crate::moved_fields!(FundingAmendment => FundingAmended {
    reason, line, donor, organisation_id, amount, currency
});
crate::moved_fields!(FundingAmended => Funding { donor, organisation_id, amount, currency });
crate::moved_fields!(OutputAmendment => OutputAmended { reason, output, kind, description });
crate::moved_fields!(OutputAmended => Output { kind, description });
crate::moved_fields!(OutputRemoval => OutputRemoved { reason, output });
crate::moved_fields!(Voiding => Voided { reason });

/// A per-country breakdown with each country's tally converted: the participants of a request
/// and of an event count alike.
fn by_country<A: Into<B>, B>(by: Option<BTreeMap<CountryCode, A>>) -> Option<BTreeMap<CountryCode, B>> {
    by.map(|by| by.into_iter().map(|(country, tally)| (country, tally.into())).collect())
}

impl PlannedFieldChanges {
    /// `planned` as these changes would leave it.
    pub fn applied_to(&self, planned: &crate::events::PlannedFields) -> crate::events::PlannedFields {
        CorrectedFields::from(self.clone()).applied_to(planned)
    }
}

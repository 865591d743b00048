//! Requests become events in `decide`, events become the record's values in `apply`: the two
//! sides meet only here, so a request body can change shape without touching stored history.

use crate::events::activity::{
    Cancelled, Corrected, CorrectedFields, Delivered, DeliveryAmended, FundingAmended, FundingAttributed,
    FundingWithdrawn, Headcounts, OutputAmended, OutputRecorded, OutputRemoved, ParticipantsAmended,
    ParticipantsTallied, Rescheduled, Voided,
};

use super::commands::{
    Attendance, Cancellation, Correction, Delivery, DeliveryAmendment, Funding, FundingAmendment,
    FundingWithdrawal, Output, OutputAmendment, OutputRemoval, Participants, ParticipantsAmendment,
    PlannedFieldChanges, Reschedule, Voiding,
};

impl From<Reschedule> for Rescheduled {
    fn from(r: Reschedule) -> Self {
        Self { planned_start: r.planned_start, planned_end: r.planned_end, reason: r.reason }
    }
}

impl From<Delivery> for Delivered {
    fn from(d: Delivery) -> Self {
        Self { start: d.start, end: d.end, mode: d.mode }
    }
}

impl From<Delivered> for Delivery {
    fn from(d: Delivered) -> Self {
        Self { start: d.start, end: d.end, mode: d.mode }
    }
}

impl From<Attendance> for Headcounts {
    fn from(a: Attendance) -> Self {
        Self { female: a.female, male: a.male, other_or_undisclosed: a.other_or_undisclosed }
    }
}

impl From<Headcounts> for Attendance {
    fn from(h: Headcounts) -> Self {
        Self { female: h.female, male: h.male, other_or_undisclosed: h.other_or_undisclosed }
    }
}

impl From<Participants> for ParticipantsTallied {
    fn from(p: Participants) -> Self {
        Self {
            female: p.female,
            male: p.male,
            other_or_undisclosed: p.other_or_undisclosed,
            by_institution: p.by_institution,
            by_country: p.by_country.map(|by| by.into_iter().map(|(c, a)| (c, a.into())).collect()),
        }
    }
}

impl From<ParticipantsTallied> for Participants {
    fn from(p: ParticipantsTallied) -> Self {
        Self {
            female: p.female,
            male: p.male,
            other_or_undisclosed: p.other_or_undisclosed,
            by_institution: p.by_institution,
            by_country: p.by_country.map(|by| by.into_iter().map(|(c, h)| (c, h.into())).collect()),
        }
    }
}

impl From<Funding> for FundingAttributed {
    fn from(f: Funding) -> Self {
        Self { donor: f.donor, organisation_id: f.organisation_id, amount: f.amount, currency: f.currency }
    }
}

impl From<FundingAttributed> for Funding {
    fn from(f: FundingAttributed) -> Self {
        Self { donor: f.donor, organisation_id: f.organisation_id, amount: f.amount, currency: f.currency }
    }
}

impl From<FundingWithdrawal> for FundingWithdrawn {
    fn from(w: FundingWithdrawal) -> Self {
        Self { donor: w.donor, reason: w.reason }
    }
}

impl From<Output> for OutputRecorded {
    fn from(o: Output) -> Self {
        Self { kind: o.kind, description: o.description }
    }
}

impl From<OutputRecorded> for Output {
    fn from(o: OutputRecorded) -> Self {
        Self { kind: o.kind, description: o.description }
    }
}

impl From<Cancellation> for Cancelled {
    fn from(c: Cancellation) -> Self {
        Self { reason: c.reason }
    }
}

impl From<PlannedFieldChanges> for CorrectedFields {
    fn from(c: PlannedFieldChanges) -> Self {
        Self {
            programme_id: c.programme_id,
            kind: c.kind,
            title: c.title,
            countries: c.countries,
            location: c.location,
            planned_start: c.planned_start,
            planned_end: c.planned_end,
            description: c.description,
        }
    }
}

impl PlannedFieldChanges {
    /// `planned` as these changes would leave it.
    pub fn applied_to(&self, planned: &crate::events::PlannedFields) -> crate::events::PlannedFields {
        CorrectedFields::from(self.clone()).applied_to(planned)
    }
}

impl From<Correction> for Corrected {
    fn from(c: Correction) -> Self {
        Self { reason: c.reason, changes: c.changes.into() }
    }
}

impl From<DeliveryAmendment> for DeliveryAmended {
    fn from(a: DeliveryAmendment) -> Self {
        Self { reason: a.reason, start: a.start, end: a.end, mode: a.mode }
    }
}

impl From<DeliveryAmended> for Delivery {
    fn from(a: DeliveryAmended) -> Self {
        Self { start: a.start, end: a.end, mode: a.mode }
    }
}

impl From<ParticipantsAmendment> for ParticipantsAmended {
    fn from(a: ParticipantsAmendment) -> Self {
        Self { reason: a.reason, participants: a.participants.into() }
    }
}

impl From<FundingAmendment> for FundingAmended {
    fn from(a: FundingAmendment) -> Self {
        Self {
            reason: a.reason,
            line: a.line,
            donor: a.donor,
            organisation_id: a.organisation_id,
            amount: a.amount,
            currency: a.currency,
        }
    }
}

impl From<FundingAmended> for Funding {
    fn from(a: FundingAmended) -> Self {
        Self { donor: a.donor, organisation_id: a.organisation_id, amount: a.amount, currency: a.currency }
    }
}

impl From<OutputAmendment> for OutputAmended {
    fn from(a: OutputAmendment) -> Self {
        Self { reason: a.reason, output: a.output, kind: a.kind, description: a.description }
    }
}

impl From<OutputAmended> for Output {
    fn from(a: OutputAmended) -> Self {
        Self { kind: a.kind, description: a.description }
    }
}

impl From<OutputRemoval> for OutputRemoved {
    fn from(r: OutputRemoval) -> Self {
        Self { reason: r.reason, output: r.output }
    }
}

impl From<Voiding> for Voided {
    fn from(v: Voiding) -> Self {
        Self { reason: v.reason }
    }
}

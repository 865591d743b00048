//! One `iati-activities` document, written an activity at a time into a buffer the caller
//! drains between activities, so a document of any length needs the memory of one page.
//!
//! Every text goes through [`text`], every attribute through `quick-xml`'s escaping (attribute
//! tuples); nothing is written as raw markup. Elements follow the order the 2.03 schema's
//! `iati-activity` sequence requires.

use std::io;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;
use tatrack_domain::names::name_key;
use tatrack_domain::values::IatiOrgId;
use tatrack_domain::ActivityRecord;
use tatrack_i18n::msg;
use uuid::Uuid;

use super::codes;
use super::text::{narrative, narratives, text};
use super::Publisher;

/// An activity as the document shows it.
pub struct Entry<'a> {
    pub id: Uuid,
    /// Its funding already narrowed to what the reader may see of the money.
    pub record: &'a ActivityRecord,
    /// The DAC 5-digit purpose code of its programme.
    pub sector: u32,
    /// Its programme's code and results framework, written after the activity's own outputs.
    pub programme: &'a super::results::ProgrammeResults,
    /// The people on its attendance list, counted; `None` without a list.
    pub trained: Option<&'a tatrack_projections::trained::Trained>,
}

/// A registered organisation as IATI documents name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Donor {
    /// The canonical name.
    pub name: String,
    /// Its IATI organisation identifier, written as `ref` when it has one.
    pub iati_ref: Option<IatiOrgId>,
    /// The IATI `OrganisationType` code.
    pub type_code: &'static str,
}

/// Registered organisations by the key of each name they go by (`name_key`).
pub type Donors = std::collections::HashMap<String, Donor>;

/// A document being written; [`Document::take`] hands over what is written so far.
pub struct Document {
    writer: Writer<Vec<u8>>,
    /// Transaction dates are never later than this (IATI refuses transactions in the future).
    today: NaiveDate,
    /// How each donor name recorded in funding resolves to an organisation.
    donors: Donors,
}

impl Document {
    /// The XML declaration and the opening `iati-activities` tag (version 2.03).
    pub fn begin(generated: DateTime<Utc>, donors: Donors) -> io::Result<Self> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let stamp = generated.to_rfc3339_opts(SecondsFormat::Secs, true);
        writer.write_event(Event::Start(
            BytesStart::new("iati-activities")
                .with_attributes([("version", "2.03"), ("generated-datetime", stamp.as_str())]),
        ))?;
        Ok(Self { writer, today: generated.date_naive(), donors })
    }

    /// Everything written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(self.writer.get_mut())
    }

    /// The closing tag; returns what is left to send.
    pub fn finish(mut self) -> io::Result<Vec<u8>> {
        self.writer.write_event(Event::End(BytesEnd::new("iati-activities")))?;
        self.writer.get_mut().push(b'\n');
        Ok(self.take())
    }

    /// One `iati-activity` element.
    pub fn activity(&mut self, publisher: &Publisher, entry: &Entry) -> io::Result<()> {
        let today = self.today;
        let donors = &self.donors;
        self.writer.create_element("iati-activity").write_inner_content(|w| {
            let record = entry.record;
            let planned = &record.planned;
            w.create_element("iati-identifier")
                .write_text_content(text(&format!("{}-{}", publisher.org_ref, entry.id)))?;
            w.create_element("reporting-org")
                .with_attributes([("ref", publisher.org_ref.as_str()), ("type", publisher.org_type.as_str())])
                .write_inner_content(|w| narrative(w, &publisher.name))?;
            w.create_element("title").write_inner_content(|w| narrative(w, planned.title.as_str()))?;
            // Recorded by people: one narrative, as written; else tatrack's words, in each language.
            w.create_element("description")
                .with_attribute(("type", codes::DESCRIPTION_GENERAL))
                .write_inner_content(|w| match &planned.description {
                    Some(description) => narrative(w, description.as_str()),
                    None => narratives(
                        w,
                        &msg("iati-kind-in-location")
                            .with("kind", planned.kind.as_str())
                            .with("location", planned.location.as_str()),
                    ),
                })?;
            participating_orgs(w, publisher, record, donors)?;
            w.create_element("activity-status")
                .with_attribute(("code", codes::activity_status(record.status)))
                .write_empty()?;
            activity_dates(w, record)?;
            recipient_countries(w, record)?;
            let sector = entry.sector.to_string();
            w.create_element("sector")
                .with_attributes([
                    ("vocabulary", codes::SECTOR_VOCABULARY_DAC5),
                    ("code", sector.as_str()),
                    ("percentage", "100"),
                ])
                .write_empty()?;
            transactions(w, publisher, record, today, donors)?;
            results(w, record)?;
            let dates =
                record.delivery.map_or((planned.planned_start, planned.planned_end), |d| (d.start, d.end));
            super::people::write(w, dates, entry.trained)?;
            super::results::write(w, &entry.programme.0, &entry.programme.1)
        })?;
        Ok(())
    }
}

/// The organisation a recorded donor name resolves to: its canonical name, IATI identifier
/// and type; a name no organisation claims stands alone, with neither.
fn donor_of(donors: &Donors, recorded: &str) -> Donor {
    donors.get(&name_key(recorded)).cloned().unwrap_or_else(|| Donor {
        name: recorded.to_owned(),
        iati_ref: None,
        type_code: "",
    })
}

/// An organisation element's `ref` and `type`, where known.
fn org_attributes(donor: &Donor) -> Vec<(&str, &str)> {
    let mut attributes = Vec::new();
    if let Some(iati_ref) = &donor.iati_ref {
        attributes.push(("ref", iati_ref.as_str()));
    }
    if !donor.type_code.is_empty() {
        attributes.push(("type", donor.type_code));
    }
    attributes
}

/// Each donor whose funding the reader may see, once (names of one organisation are one), as
/// funding (1) with its IATI identifier and type when registered; the reporting organisation as
/// implementing (4).
fn participating_orgs(
    w: &mut Writer<Vec<u8>>,
    publisher: &Publisher,
    record: &ActivityRecord,
    registered: &Donors,
) -> io::Result<()> {
    let mut donors: Vec<Donor> = Vec::new();
    for funding in &record.funding {
        let donor = donor_of(registered, funding.donor.as_str());
        if !donors.iter().any(|known| known.name == donor.name) {
            donors.push(donor);
        }
    }
    for donor in donors {
        w.create_element("participating-org")
            .with_attributes(org_attributes(&donor))
            .with_attribute(("role", codes::ROLE_FUNDING))
            .write_inner_content(|w| narrative(w, &donor.name))?;
    }
    w.create_element("participating-org")
        .with_attributes([
            ("ref", publisher.org_ref.as_str()),
            ("type", publisher.org_type.as_str()),
            ("role", codes::ROLE_IMPLEMENTING),
        ])
        .write_inner_content(|w| narrative(w, &publisher.name))?;
    Ok(())
}

/// Planned start and end always; actual start and end once delivered.
fn activity_dates(w: &mut Writer<Vec<u8>>, record: &ActivityRecord) -> io::Result<()> {
    let planned = &record.planned;
    let mut dates =
        vec![(codes::PLANNED_START, planned.planned_start), (codes::PLANNED_END, planned.planned_end)];
    if let Some(delivery) = &record.delivery {
        dates.push((codes::ACTUAL_START, delivery.start));
        dates.push((codes::ACTUAL_END, delivery.end));
    }
    for (kind, day) in dates {
        let day = day.to_string();
        w.create_element("activity-date")
            .with_attributes([("type", kind), ("iso-date", day.as_str())])
            .write_empty()?;
    }
    Ok(())
}

/// Every country with its share; the shares of a regional activity sum to exactly 100.
fn recipient_countries(w: &mut Writer<Vec<u8>>, record: &ActivityRecord) -> io::Result<()> {
    let countries = &record.planned.countries;
    for (country, share) in countries.iter().zip(codes::country_shares(countries.len())) {
        let code = codes::country_alpha2(country.as_str()).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, format!("{country} has no ISO 3166-1 alpha-2 code"))
        })?;
        w.create_element("recipient-country")
            .with_attributes([("code", code), ("percentage", share.as_str())])
            .write_empty()?;
    }
    Ok(())
}

/// Each standing funding line as an incoming commitment from its donor, in its own currency,
/// dated on the activity's date (delivery start, else planned start), or today if that is
/// still to come.
fn transactions(
    w: &mut Writer<Vec<u8>>,
    publisher: &Publisher,
    record: &ActivityRecord,
    today: NaiveDate,
    donors: &Donors,
) -> io::Result<()> {
    let day = record.delivery.map_or(record.planned.planned_start, |d| d.start).min(today).to_string();
    for funding in &record.funding {
        let amount = funding.amount.to_string();
        w.create_element("transaction").write_inner_content(|w| {
            w.create_element("transaction-type")
                .with_attribute(("code", codes::TRANSACTION_INCOMING_COMMITMENT))
                .write_empty()?;
            w.create_element("transaction-date").with_attribute(("iso-date", day.as_str())).write_empty()?;
            w.create_element("value")
                .with_attributes([("currency", funding.currency.code()), ("value-date", day.as_str())])
                .write_text_content(text(&amount))?;
            let donor = donor_of(donors, funding.donor.as_str());
            w.create_element("provider-org")
                .with_attributes(org_attributes(&donor))
                .write_inner_content(|w| narrative(w, &donor.name))?;
            w.create_element("receiver-org")
                .with_attributes([("ref", publisher.org_ref.as_str()), ("type", publisher.org_type.as_str())])
                .write_inner_content(|w| narrative(w, &publisher.name))?;
            Ok(())
        })?;
    }
    Ok(())
}

/// Each output as a result of type output, with one qualitative indicator naming its kind.
fn results(w: &mut Writer<Vec<u8>>, record: &ActivityRecord) -> io::Result<()> {
    for output in &record.outputs {
        let title = codes::output_words(output.kind);
        w.create_element("result").with_attribute(("type", codes::RESULT_OUTPUT)).write_inner_content(
            |w| {
                w.create_element("title").write_inner_content(|w| narratives(w, &title))?;
                w.create_element("description")
                    .write_inner_content(|w| narrative(w, output.description.as_str()))?;
                w.create_element("indicator")
                    .with_attribute(("measure", codes::MEASURE_QUALITATIVE))
                    .write_inner_content(|w| {
                        w.create_element("title").write_inner_content(|w| narratives(w, &title))?;
                        Ok(())
                    })?;
                Ok(())
            },
        )?;
    }
    Ok(())
}

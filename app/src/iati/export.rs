//! The document, streamed: pages of the activity list (its keyset paging, its filter and the
//! caller's scope, exactly as `GET /api/v1/activities` reads them), each activity's record as
//! `GET /api/v1/activities/{id}` shows it to the same caller, written one page per chunk.
//! Memory holds one page and the sector of each programme met, whatever the number of
//! activities.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use tatrack_domain::values::IatiOrgId;
use tatrack_domain::{ActivityRecord, ActivityStatus};
use tatrack_i18n::msg;
use tatrack_projections::listing::{self, ActivityFilter, ActivityListItem, Cursor};
use uuid::Uuid;

use super::codes;
use super::document::{Document, Donor, Donors, Entry};
use super::results::{programme_results, ProgrammeResults};
use super::Publisher;
use crate::auth::Principal;
use crate::error::{Error, Result};
use crate::problems::ProblemType;
use crate::service::App;

/// Activities read per page of the list (and written per chunk).
const PAGE: u32 = 100;

/// A document being exported. [`Export::start`] writes up to the first activity, so that every
/// failure a client could act on (no publisher, nothing to publish) is known before a byte is
/// sent; [`Export::next_chunk`] writes the rest, a page at a time.
pub struct Export {
    app: App,
    publisher: Publisher,
    /// The caller whose scope applies; `None` for the command line, which reads everything.
    principal: Option<Principal>,
    filter: ActivityFilter,
    /// Where the next page starts; `None` once the last page was read.
    cursor: Option<Cursor>,
    /// `None` once the closing tag was handed over.
    document: Option<Document>,
    /// Programme id -> DAC purpose code, code and results, so each programme is read once.
    sectors: HashMap<Uuid, (u32, Arc<ProgrammeResults>)>,
    /// Activities written so far.
    pub written: usize,
}

impl Export {
    /// Checks the configuration and writes the document's head and first page; 404 when no
    /// activity matches, since IATI's schema requires at least one per document.
    pub async fn start(
        app: App,
        principal: Option<Principal>,
        filter: ActivityFilter,
    ) -> Result<(Self, Vec<u8>)> {
        let publisher = app.iati.publisher().ok_or_else(not_configured)?;
        let document = Document::begin(Utc::now(), donors(&app).await?).map_err(internal)?;
        let mut export = Self {
            app,
            publisher,
            principal,
            filter,
            cursor: None,
            document: Some(document),
            sectors: HashMap::new(),
            written: 0,
        };
        // Pages whose activities all left the caller's scope since they were listed write
        // nothing: read on until one is written or the list ends.
        let mut head = Vec::new();
        while export.written == 0 {
            match export.next_chunk().await? {
                Some(chunk) => head.extend(chunk),
                None => break,
            }
        }
        if export.written == 0 {
            return Err(Error::NotFound(msg("problem-iati-nothing-to-export")));
        }
        Ok((export, head))
    }

    /// The next page as XML, the closing tag after the last; `None` when all was handed over.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        if self.document.is_none() {
            return Ok(None);
        }
        let page = listing::activities(&self.app.db, &self.filter, self.cursor.as_ref(), PAGE).await?;
        for item in &page.items {
            self.write(item).await?;
        }
        self.cursor = match page.next_cursor {
            Some(text) => Some(
                Cursor::decode(&text, self.filter.search.is_some())
                    .ok_or_else(|| internal("the list issued an unreadable cursor"))?,
            ),
            None => None,
        };
        let Some(document) = self.document.as_mut() else { return Ok(None) };
        let mut chunk = document.take();
        if self.cursor.is_none() {
            if let Some(document) = self.document.take() {
                chunk.extend(document.finish().map_err(internal)?);
            }
        }
        Ok(Some(chunk))
    }

    /// Writes one listed activity, unless its record says the caller may no longer see it (it
    /// changed between the page and now) or it was voided (see [`codes::activity_status`]).
    async fn write(&mut self, item: &ActivityListItem) -> Result<()> {
        let id = Uuid::parse_str(&item.id).map_err(internal)?;
        let Some(record) = self.record(id).await? else { return Ok(()) };
        if record.status == ActivityStatus::Voided {
            return Ok(());
        }
        let (sector, programme) = self.sector(record.planned.programme_id.as_uuid()).await?;
        let trained = tatrack_projections::trained_rows::of_activity(&self.app.db, &item.id).await?;
        let Some(document) = self.document.as_mut() else { return Ok(()) };
        let entry = Entry { id, record: &record, sector, programme: &programme, trained: trained.as_ref() };
        document.activity(&self.publisher, &entry).map_err(internal)?;
        self.written += 1;
        Ok(())
    }

    /// The record as the caller may read it: `None` outside its scope, funding narrowed to the
    /// donors whose money it may see.
    async fn record(&self, id: Uuid) -> Result<Option<ActivityRecord>> {
        let Some(principal) = &self.principal else {
            let (activity, _) = self.app.activities.load(&id.to_string()).await?;
            return Ok(activity.record().cloned());
        };
        match self.app.visible_activity(principal, id).await {
            Ok((mut record, _)) => {
                record.funding.retain(|f| principal.may_read_money_of(f.donor.as_str()));
                Ok(Some(record))
            }
            Err(Error::NotFound(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The configured override for the programme's code, else its thematic area's code; and
    /// the programme's code and results framework.
    async fn sector(&mut self, programme_id: Uuid) -> Result<(u32, Arc<ProgrammeResults>)> {
        if let Some((code, programme)) = self.sectors.get(&programme_id) {
            return Ok((*code, Arc::clone(programme)));
        }
        let (programme, _) = self.app.programme(programme_id).await?;
        let registration = &programme.registration;
        let code = self
            .publisher
            .sectors
            .get(registration.code.as_str())
            .copied()
            .unwrap_or_else(|| codes::sector(registration.thematic_area));
        let results = programme_results(&self.app.db, programme_id, &programme).await?;
        let programme = Arc::new((registration.code.as_str().to_owned(), results));
        self.sectors.insert(programme_id, (code, Arc::clone(&programme)));
        Ok((code, programme))
    }
}

/// 409: the server does not know whom to publish as.
pub fn not_configured() -> Error {
    Error::Conflict { kind: ProblemType::IatiNotConfigured, detail: msg("problem-iati-not-configured") }
}

fn internal(error: impl std::fmt::Display) -> Error {
    Error::Internal(format!("IATI export: {error}").into())
}

/// Every registered organisation by each name it goes by, for the documents' donors.
async fn donors(app: &App) -> Result<Donors> {
    let mut donors = Donors::new();
    for organisation in tatrack_projections::organisations::list(&app.db, None).await? {
        let type_code = organisation.type_code();
        let donor = Donor {
            name: organisation.name.clone(),
            // Parsed again so that the attribute's type admits only what IATI identifiers hold
            // (the read model keeps a plain string).
            iati_ref: organisation.iati_identifier.as_deref().and_then(|r| IatiOrgId::parse(r).ok()),
            type_code,
        };
        for name in std::iter::once(organisation.name.clone()).chain(organisation.aliases()) {
            donors.insert(tatrack_domain::names::name_key(&name), donor.clone());
        }
    }
    Ok(donors)
}

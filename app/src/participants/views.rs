//! A participant as advisers and managers read them (their details opened with their key, or
//! "erased participant" once the key is gone), likely matches from the blind index, and
//! subject access: everything held about a person, for the person.

use serde::Serialize;
use tatrack_domain::participant::{Consent, WashingtonGroup};
use tatrack_domain::values::ParticipantId;
use tatrack_domain::vocabulary::{AgeBand, ErasureGround, Institution, Sex};
use tatrack_i18n::{text, Language};
use tatrack_store::bus::{CommandContext, Landed};
use utoipa::ToSchema;

use super::WRITERS;
use crate::auth::Principal;
use crate::error::Result;
use crate::service::App;

/// One activity the participant attended.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParticipantActivity {
    pub activity_id: String,
    pub title: String,
    /// The day it counts on: its delivery start, else its planned start.
    pub start: String,
    pub pre_score: Option<i64>,
    pub post_score: Option<i64>,
}

/// A participant: their details (or "erased participant"), categories and activities.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParticipantView {
    pub id: ParticipantId,
    pub erased: bool,
    /// Their name; once erased, "erased participant" in the reader's language.
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub function: Option<String>,
    pub sex: Sex,
    pub age_band: AgeBand,
    pub disability: Option<WashingtonGroup>,
    pub has_disability: bool,
    pub institution: Option<Institution>,
    pub country: String,
    pub consent: Consent,
    /// The participant this one is the same person as, if merged.
    pub merged_into: Option<ParticipantId>,
    pub activities: Vec<ParticipantActivity>,
    pub version: u64,
}

/// A likely match: the same e-mail, or the same name, country and institution.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Match {
    pub participant_id: String,
    pub name: String,
    /// `email` or `name_country_institution`.
    pub why: String,
}

/// Everything held about a person, as one file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectAccess {
    pub participant: ParticipantView,
    /// The ground of the erasure, once erased.
    pub erasure_ground: Option<ErasureGround>,
    /// Suggested matches the adviser said were someone else.
    pub not_same_as: Vec<ParticipantId>,
    /// What the records are held for and under which rules.
    pub note: String,
}

impl App {
    /// The participant as advisers and managers read them.
    pub async fn participant_view(
        &self,
        principal: &Principal,
        id: ParticipantId,
        language: Language,
    ) -> Result<ParticipantView> {
        principal.require(&WRITERS)?;
        let (participant, version) = self.participant(id).await?;
        let identity = self.identity_of(id, &participant).await?;
        let Some(record) = participant.record() else { return Err(super::not_registered(id)) };
        let erased = record.erased.is_some() || identity.is_none();
        let identity = identity.unwrap_or_default();
        let activities = self.readable_activities_of(principal, id, record).await?;
        let c = &record.categories;
        Ok(ParticipantView {
            id,
            erased,
            name: if erased {
                text(language, &tatrack_i18n::msg("participant-erased"))
            } else {
                identity.name
            },
            email: identity.email,
            phone: identity.phone,
            function: identity.function,
            sex: c.sex,
            age_band: c.age_band,
            disability: c.disability,
            has_disability: c.has_disability(),
            institution: c.institution,
            country: c.country.to_string(),
            consent: record.consent.clone(),
            merged_into: record.merged_into,
            activities: activities
                .into_iter()
                .map(|a| ParticipantActivity {
                    activity_id: a.activity_id,
                    title: a.title,
                    start: a.start,
                    pre_score: a.pre_score,
                    post_score: a.post_score,
                })
                .collect(),
            version,
        })
    }

    /// Everything held about the participant, recording that a manager was given it.
    pub async fn subject_access(
        &self,
        principal: &Principal,
        id: ParticipantId,
        language: Language,
        context: &CommandContext,
    ) -> Result<(SubjectAccess, Landed)> {
        principal.require(&[tatrack_domain::token::Role::Manager])?;
        let view = self.participant_view(principal, id, language).await?;
        let landed = self.record_subject_access(principal, id, context).await?;
        let (participant, _) = self.participant(id).await?;
        let record = participant.record();
        Ok((
            SubjectAccess {
                participant: ParticipantView { version: landed.version, ..view },
                erasure_ground: record.and_then(|r| r.erased),
                not_same_as: record.map(|r| r.not_same_as.clone()).unwrap_or_default(),
                note: text(language, &tatrack_i18n::msg("participant-subject-access-note")),
            },
            landed,
        ))
    }

    /// Participants who are likely `name` (with `country` and `institution`) or `email`.
    pub async fn participant_matches(
        &self,
        principal: &Principal,
        query: &super::MatchQuery,
    ) -> Result<Vec<Match>> {
        principal.require(&WRITERS)?;
        let mut found: Vec<Match> = Vec::new();
        let mut lookups = Vec::new();
        if let Some(email) = query.email.as_ref() {
            lookups.push(("email", self.keyring.email_lookup(email.as_str())));
        }
        let by_name = self.keyring.name_lookup(query.name.as_str(), &query.country, query.institution);
        lookups.push(("name_country_institution", by_name));
        for (why, lookup) in lookups {
            for participant_id in tatrack_store::participants::matching(&self.db, &lookup).await? {
                if found.iter().any(|m| m.participant_id == participant_id) {
                    continue;
                }
                let Ok(uuid) = participant_id.parse::<uuid::Uuid>() else { continue };
                let id = ParticipantId::new(uuid);
                let (participant, _) = self.participants.load(&participant_id).await?;
                let Some(record) = participant.record() else { continue };
                // An adviser is told only of people they may read: a match elsewhere stays unsaid.
                if self.readable_activities_of(principal, id, record).await.is_err() {
                    continue;
                }
                let Some(identity) = self.identity_of(id, &participant).await? else { continue };
                found.push(Match { participant_id, name: identity.name, why: why.to_owned() });
            }
        }
        Ok(found)
    }

    /// The activities of the participant the caller may see; refused (as not found, so an
    /// adviser learns nothing of people elsewhere) when an adviser may read none of them. An
    /// adviser reads a person on a list of an activity in their scope, or one on no list yet
    /// from a country of their scope (someone just registered, about to be listed).
    async fn readable_activities_of(
        &self,
        principal: &Principal,
        id: ParticipantId,
        record: &tatrack_domain::participant::ParticipantRecord,
    ) -> Result<Vec<tatrack_projections::people::AttendedActivity>> {
        let activities = tatrack_projections::people::activities_of(&self.db, &id.to_string()).await?;
        if principal.sees_all() {
            return Ok(activities);
        }
        let mut readable = Vec::new();
        for activity in &activities {
            if let Ok(uuid) = activity.activity_id.parse::<uuid::Uuid>() {
                if self.visible_activity(principal, uuid).await.is_ok() {
                    readable.push(activity.clone());
                }
            }
        }
        let countries = &principal.scope.countries;
        let newly_registered =
            activities.is_empty() && (countries.is_empty() || countries.contains(&record.categories.country));
        if readable.is_empty() && !newly_registered {
            return Err(super::not_registered(id));
        }
        Ok(readable)
    }
}

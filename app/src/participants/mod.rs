//! Participants: people who attended activities. Their identifying fields are sealed under a
//! key of their own before any command is built ([`crate::personal`]); the key and the blind
//! index land in the transaction of the registration, and leave in the transaction of the
//! erasure. Beside this file: `views` (a participant as advisers and managers read them, subject
//! access) and `attendance` (an activity's list, and the sheet's preview).

mod attendance;
mod sheet;
mod views;

use serde::{Deserialize, Serialize};
use tatrack_domain::bounds::check_text;
use tatrack_domain::participant::{
    Categories, Consent, EraseParticipant, GiveSubjectAccess, MergeParticipant, MergeTarget,
    ParticipantCommand, RegisterParticipant, SplitParticipant, WashingtonGroup,
};
use tatrack_domain::token::Role;
use tatrack_domain::values::{CountryCode, NonEmptyText, ParticipantId};
use tatrack_domain::vocabulary::{AgeBand, Institution, Sex};
use tatrack_domain::{Participant, ParticipantError};
use tatrack_i18n::msg;
use tatrack_store::append::Companion;
use tatrack_store::bus::{CommandContext, CommandError, Idempotency, Landed};
use utoipa::ToSchema;

pub use attendance::{AttendanceView, AttendeeView};
pub use sheet::{SheetPreview, SheetRow};
pub use views::{Match, ParticipantActivity, ParticipantView, SubjectAccess};

use crate::auth::Principal;
use crate::error::{Error, Result};
use crate::personal::{Identity, PersonKey};
use crate::service::App;

/// Who registers participants and reads them: advisers and managers (admins pass any rule).
pub const WRITERS: [Role; 2] = [Role::Manager, Role::Adviser];

/// A participant as an adviser registers them: the identifying fields are sealed before the
/// command is built, so only ciphertext reaches the log.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParticipant {
    pub id: ParticipantId,
    pub name: NonEmptyText,
    #[serde(default)]
    pub email: Option<NonEmptyText>,
    #[serde(default)]
    pub phone: Option<NonEmptyText>,
    /// Job title, free text.
    #[serde(default)]
    pub function: Option<NonEmptyText>,
    pub sex: Sex,
    pub age_band: AgeBand,
    /// The Washington Group short set; absent or `null`: not given.
    #[serde(default)]
    pub disability: Option<WashingtonGroup>,
    #[serde(default)]
    pub institution: Option<Institution>,
    pub country: CountryCode,
    pub consent: Consent,
    /// Suggested matches the adviser said are someone else.
    #[serde(default)]
    pub not_same_as: Vec<ParticipantId>,
}

impl NewParticipant {
    fn identity(&self) -> Identity {
        let text = |t: &Option<NonEmptyText>| t.as_ref().map(ToString::to_string);
        Identity {
            name: self.name.to_string(),
            email: text(&self.email),
            phone: text(&self.phone),
            function: text(&self.function),
        }
    }
}

/// Who to look for among the participants: by e-mail, or by name, country and institution.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchQuery {
    pub name: NonEmptyText,
    #[serde(default)]
    pub email: Option<NonEmptyText>,
    pub country: CountryCode,
    #[serde(default)]
    pub institution: Option<Institution>,
}

/// A merge, as a manager asks it.
pub type MergeBody = MergeParticipant;

fn sealing_failed(error: crate::personal::SealError) -> Error {
    Error::Internal(Box::new(error))
}

fn not_registered(id: ParticipantId) -> Error {
    Error::NotFound(msg("problem-no-participant-with-id").with("id", id.to_string()))
}

impl App {
    /// Registers a participant: their details sealed under a new key of their own (or the key a
    /// first attempt of this request stored), the key and the blind index in the transaction of
    /// the event. The request digest kept with an idempotency key is bound to that key.
    pub async fn register_participant(
        &self,
        principal: &Principal,
        body: NewParticipant,
        context: &CommandContext,
    ) -> Result<Landed> {
        principal.require(&WRITERS)?;
        check_text(&body).map_err(|e| Error::validation(e.field.clone(), e.message()))?;
        let id = body.id;
        let stored = tatrack_store::participants::key(&self.db, &id.to_string()).await?;
        let (key, new_key) = if let Some(stored) = &stored {
            (self.keyring.unwrap(id, stored).map_err(sealing_failed)?, None)
        } else {
            let key = self.keyring.new_person_key().map_err(sealing_failed)?;
            let wrapped = self.keyring.wrap(id, &key, crate::auth::timestamp(chrono::Utc::now()));
            (key, Some(wrapped.map_err(sealing_failed)?))
        };
        let sealed = self.keyring.seal(id, &key, &body.identity()).map_err(sealing_failed)?;
        let lookups = self.keyring.lookups(
            body.name.as_str(),
            body.email.as_ref().map(NonEmptyText::as_str),
            &body.country,
            body.institution,
        );
        let mut companions: Vec<Companion> = new_key.into_iter().map(Companion::ParticipantKey).collect();
        companions.push(Companion::IndexParticipant { participant_id: id.to_string(), lookups });
        let command = ParticipantCommand::Register(RegisterParticipant {
            id,
            sealed,
            categories: Categories {
                sex: body.sex,
                age_band: body.age_band,
                disability: body.disability,
                institution: body.institution,
                country: body.country,
            },
            consent: body.consent,
            not_same_as: body.not_same_as,
        });
        let context = self.bound_to(&key, context);
        let stream = self.participants.stream(&id.to_string()).await?;
        Ok(self.participants.execute_with(&id.to_string(), stream, command, &context, &companions).await?)
    }

    /// `context` with its request digest bound to the person's key.
    fn bound_to(&self, key: &PersonKey, context: &CommandContext) -> CommandContext {
        let idempotency = context.idempotency.as_ref().map(|i| Idempotency {
            key: i.key.clone(),
            request_digest: self.keyring.request_digest(key, &i.request_digest),
        });
        CommandContext { idempotency, ..context.clone() }
    }

    /// Merges `id` into `merge.into` (the same person), or splits it, or erases it: managers.
    pub async fn participant_command(
        &self,
        principal: &Principal,
        id: ParticipantId,
        command: ParticipantCommand,
        context: &CommandContext,
    ) -> Result<Landed> {
        principal.require(&[Role::Manager])?;
        let context = CommandContext { reason: command.reason().map(ToString::to_string), ..context.clone() };
        let command = match command {
            ParticipantCommand::Merge(mut merge) => {
                merge.target = if merge.into == id {
                    MergeTarget::Itself
                } else {
                    self.participants.load(&merge.into.to_string()).await?.0.as_merge_target()
                };
                ParticipantCommand::Merge(merge)
            }
            other => other,
        };
        let key = id.to_string();
        let companions = match &command {
            ParticipantCommand::Erase(_) => {
                vec![Companion::ForgetParticipant { participant_id: key.clone() }]
            }
            _ => Vec::new(),
        };
        let stream = self.participants.stream(&key).await?;
        if stream.is_empty() {
            return Err(not_registered(id));
        }
        match self.participants.execute_with(&key, stream, command, &context, &companions).await {
            Err(CommandError::Domain(ParticipantError::NotRegistered)) => Err(not_registered(id)),
            landed => Ok(landed?),
        }
    }

    pub async fn merge_participant(
        &self,
        principal: &Principal,
        id: ParticipantId,
        merge: MergeBody,
        context: &CommandContext,
    ) -> Result<Landed> {
        self.participant_command(principal, id, ParticipantCommand::Merge(merge), context).await
    }

    pub async fn split_participant(
        &self,
        principal: &Principal,
        id: ParticipantId,
        split: SplitParticipant,
        context: &CommandContext,
    ) -> Result<Landed> {
        self.participant_command(principal, id, ParticipantCommand::Split(split), context).await
    }

    pub async fn erase_participant(
        &self,
        principal: &Principal,
        id: ParticipantId,
        erase: EraseParticipant,
        context: &CommandContext,
    ) -> Result<Landed> {
        let landed =
            self.participant_command(principal, id, ParticipantCommand::Erase(erase), context).await?;
        if let Err(error) = tatrack_store::participants::flush_erased(&self.db).await {
            tracing::warn!(%error, "the write-ahead log was not emptied after an erasure; the next checkpoint does");
        }
        Ok(landed)
    }

    /// Records that a manager was given everything held about the participant.
    pub(crate) async fn record_subject_access(
        &self,
        principal: &Principal,
        id: ParticipantId,
        context: &CommandContext,
    ) -> Result<Landed> {
        let command = ParticipantCommand::GiveSubjectAccess(GiveSubjectAccess {});
        self.participant_command(principal, id, command, context).await
    }

    /// The participant's state, or 404.
    pub(crate) async fn participant(&self, id: ParticipantId) -> Result<(Participant, u64)> {
        let (participant, version) = self.participants.load(&id.to_string()).await?;
        if participant.record().is_none() {
            return Err(not_registered(id));
        }
        Ok((participant, version))
    }

    /// The participant's identity, opened with their key; `None` once erased (the key is gone).
    pub(crate) async fn identity_of(
        &self,
        id: ParticipantId,
        participant: &Participant,
    ) -> Result<Option<Identity>> {
        let Some(sealed) = participant.record().and_then(|r| r.sealed.as_ref()) else { return Ok(None) };
        let Some(stored) = tatrack_store::participants::key(&self.db, &id.to_string()).await? else {
            return Ok(None);
        };
        let key = self.keyring.unwrap(id, &stored).map_err(sealing_failed)?;
        Ok(Some(self.keyring.open(id, &key, sealed).map_err(sealing_failed)?))
    }
}

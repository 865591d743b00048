//! The application's use cases, shared by the HTTP handlers and the demo seeder so that both go
//! through the same checks: commands, plus the rules that span streams (a plan names a
//! registered programme; programme codes are unique, claimed with the registration).

use std::sync::Arc;

use futures::StreamExt;

use tatrack_domain::access::{Grant, Person};
use tatrack_domain::activity::PlanActivity;
use tatrack_domain::programme::RegisterProgramme;
use tatrack_domain::token::{Role, Token};
use tatrack_domain::values::ProgrammeId;
use tatrack_domain::{
    Activity, ActivityCommand, ActivityError, ActivityRecord, Organisation, Participant, Programme,
    ProgrammeCommand, ProgrammeRecord,
};
use tatrack_i18n::{msg, Message};
use tatrack_projections::listing::{self, ActivityFilter};
use tatrack_projections::supervisor::ProjectorHealth;
use tatrack_store::append::Companion;
use tatrack_store::bus::{
    event_log, fold, version_of, Batch, CommandBus, CommandContext, CommandError, CommandObserver, Decided,
    Landed, MAX_ATTEMPTS,
};
use tatrack_store::Db;
use tokio::sync::Notify;

use crate::auth::Principal;
use crate::error::{Error, Result};
use crate::iati::IatiSettings;

/// How many activities' streams are read and checked at once for a multi-row commit.
const READERS: usize = 8;

/// The application: the store, one command bus per aggregate, and what reads wait on. The HTTP
/// layer, the CLI, the importer and the demo seeder all act through it.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    /// Notified after every append; the projector waits on it.
    pub appended: Arc<Notify>,
    /// Notified after each batch this process's projector commits; reads that wait for a
    /// position (`min_position`) wait on it.
    pub projected: Arc<Notify>,
    pub activities: Arc<CommandBus<Activity>>,
    pub programmes: Arc<CommandBus<Programme>>,
    pub organisations: Arc<CommandBus<Organisation>>,
    pub tokens: Arc<CommandBus<Token>>,
    pub people: Arc<CommandBus<Person>>,
    pub grants: Arc<CommandBus<Grant>>,
    pub participants: Arc<CommandBus<Participant>>,
    /// The master key and what follows from it: participants' keys are sealed by it.
    pub keyring: Arc<crate::personal::Keyring>,
    /// What this process's projector is doing, for readiness, status and metrics.
    pub projector: Arc<ProjectorHealth>,
    /// Whom IATI documents are published as (none configured: IATI export answers 409).
    pub iati: Arc<IatiSettings>,
    /// Hot standbys reads may go to (none by default).
    pub standbys: Arc<crate::standbys::Standbys>,
    /// Tokens as read from the store within the last second.
    pub known_tokens: Arc<crate::known_tokens::KnownTokens>,
}

fn bus<A>(db: &Db, appended: &Arc<Notify>, observer: &Arc<dyn CommandObserver>) -> Arc<CommandBus<A>>
where
    A: cqrs_es::Aggregate<Services = ()> + Send + Sync + 'static,
    A::Command: Clone + Send,
    A::Error: Send + Sync + 'static,
{
    Arc::new(CommandBus::new(event_log(db), db.clone(), appended.clone(), observer.clone()))
}

/// Counts nothing: commands outside a server (the CLI, tests) have no metrics to feed.
struct Uncounted;

impl CommandObserver for Uncounted {
    fn command_landed(&self, _aggregate_type: &str, _events: usize) {}
    fn append_race_lost(&self, _aggregate_type: &str) {}
}

impl App {
    /// One command bus per aggregate over the backend `db` points at, counting nothing.
    pub fn new(db: Db) -> Self {
        Self::observed(db, &(Arc::new(Uncounted) as Arc<dyn CommandObserver>))
    }

    /// As [`App::new`], telling `observer` of every command that lands or loses a race.
    pub fn observed(db: Db, observer: &Arc<dyn CommandObserver>) -> Self {
        let appended = Arc::new(Notify::new());
        Self {
            // The one bus whose commands (an adviser's, one after another on an activity)
            // follow each other on a stream: it keeps them (see `activity_command`).
            activities: Arc::new(
                CommandBus::new(event_log(&db), db.clone(), appended.clone(), observer.clone())
                    .keeping_streams(),
            ),
            programmes: bus(&db, &appended, observer),
            organisations: bus(&db, &appended, observer),
            tokens: bus(&db, &appended, observer),
            people: bus(&db, &appended, observer),
            grants: bus(&db, &appended, observer),
            participants: bus(&db, &appended, observer),
            // A server sets the configured key (`tatrack serve`); without one nothing sealed now
            // opens after a restart, which suits tests and commands that seal nothing.
            keyring: Arc::new(crate::personal::Keyring::ephemeral()),
            projector: ProjectorHealth::new(),
            appended,
            projected: Arc::default(),
            db,
            iati: Arc::new(IatiSettings::default()),
            standbys: Arc::default(),
            known_tokens: Arc::default(),
        }
    }

    pub async fn register_programme(
        &self,
        register: RegisterProgramme,
        context: &CommandContext,
    ) -> Result<Landed> {
        let id = register.id.to_string();
        let claim = Companion::ClaimProgrammeCode {
            code: register.code.as_str().to_owned(),
            programme_id: id.clone(),
        };
        let stream = self.programmes.stream(&id).await?;
        let command = ProgrammeCommand::Register(register);
        Ok(self.programmes.execute_with(&id, stream, command, context, &[claim]).await?)
    }

    pub async fn programme_command(
        &self,
        id: ProgrammeId,
        command: ProgrammeCommand,
        context: &CommandContext,
    ) -> Result<Landed> {
        let context = CommandContext { reason: command.reason().map(ToString::to_string), ..context.clone() };
        // A contribution naming its donor by name only records the organisation that claims it.
        let command = match command {
            ProgrammeCommand::RecordContribution(mut contribution)
                if contribution.organisation_id.is_none() =>
            {
                (contribution.donor, contribution.organisation_id) =
                    self.funder(None, Some(contribution.donor)).await?;
                ProgrammeCommand::RecordContribution(contribution)
            }
            other => other,
        };
        Ok(self.programmes.execute(&id.to_string(), command, &context).await?)
    }

    pub async fn plan_activity(
        &self,
        principal: &Principal,
        plan: PlanActivity,
        context: &CommandContext,
    ) -> Result<Landed> {
        let code = self.require_programme(plan.programme_id).await?;
        if !principal.covers(&plan.countries, &code) {
            return Err(outside_scope());
        }
        let id = plan.id.to_string();
        Ok(self.activities.execute(&id, ActivityCommand::Plan(plan), context).await?)
    }

    /// Checks the caller's scope on the very stream the command is decided on. Without
    /// `If-Match` the check pins that version: a concurrent write (a correction may move the
    /// activity out of the caller's countries) makes the command lose the append, and the check
    /// runs again on the fresh stream before it is decided again. A command naming a funding line
    /// or an output by its place needs `If-Match`: the place means something only at the version
    /// its sender read (a withdrawal or a removal since would make it name another line).
    pub async fn activity_command(
        &self,
        principal: &Principal,
        id: uuid::Uuid,
        command: ActivityCommand,
        context: &CommandContext,
    ) -> Result<Landed> {
        let key = id.to_string();
        let context = CommandContext { reason: command.reason().map(ToString::to_string), ..context.clone() };
        let command = self.with_organisations(command).await?;
        let mut may_use_kept = true;
        for _ in 0..MAX_ATTEMPTS {
            // The stream this process's last command left, when it kept it: pinned to the
            // version checked, so another process's newer events refuse the append. Whatever
            // refuses a command decided on a kept stream is decided again on the log's.
            let (stream, kept) = if may_use_kept {
                self.activities.command_stream(&key).await?
            } else {
                (self.activities.stream(&key).await?, false)
            };
            let (activity, version) = fold(stream.clone());
            let pinned = CommandContext {
                expected_version: context.expected_version.or(Some(version)),
                ..context.clone()
            };
            let landed = match self.check_activity_command(principal, id, &activity, &command).await {
                Ok(()) if command.names_a_place() && context.expected_version.is_none() => {
                    return Err(Error::BadRequest {
                        field: Some("If-Match".into()),
                        detail: msg("problem-place-needs-if-match"),
                    })
                }
                Ok(()) => self
                    .activities
                    .execute_on(&key, stream, command.clone(), &pinned)
                    .await
                    .map_err(Error::from),
                Err(refused) => Err(refused),
            };
            match landed {
                Ok(landed) => return Ok(landed),
                Err(_) if kept => {
                    self.activities.forget_stream(&key);
                    may_use_kept = false;
                }
                Err(Error::VersionMismatch { .. }) if context.expected_version.is_none() => {}
                Err(refused) => return Err(refused),
            }
        }
        Err(CommandError::<ActivityError>::Contention.into())
    }

    /// Several commands on one activity in one commit (an imported row): a plan first when the
    /// activity is new, then what followed it. The caller's scope is checked as for each command
    /// alone, on the very stream they are decided on, and that version is pinned: a concurrent
    /// write sends the whole batch back to the check.
    pub async fn activity_commands(
        &self,
        principal: &Principal,
        id: uuid::Uuid,
        commands: Vec<(ActivityCommand, CommandContext)>,
    ) -> Result<Vec<Landed>> {
        let commands = self.resolved(commands).await?;
        for _ in 0..MAX_ATTEMPTS {
            let batch = self.checked_batch(principal, id, commands.clone()).await?;
            let version = version_of(&batch.stream);
            match self
                .activities
                .execute_all(&batch.aggregate_id, batch.stream, &batch.commands, Some(version))
                .await
            {
                Err(CommandError::VersionMismatch { .. }) => {}
                landed => return Ok(landed?),
            }
        }
        Err(CommandError::<ActivityError>::Contention.into())
    }

    /// Several activities' commands (an import's rows), each checked as
    /// [`App::activity_commands`] checks one, in one transaction: all land or none. Each row is
    /// pinned to the version it was checked on; a concurrent write to any of them refuses the
    /// whole, naming the row's index (none when the transaction itself failed). `checked` is
    /// told of each row checked, before the commit.
    pub async fn activity_commands_at_once(
        &self,
        principal: &Principal,
        rows: Vec<(uuid::Uuid, Vec<(ActivityCommand, CommandContext)>)>,
        checked: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<Vec<Vec<Landed>>, (Option<usize>, Error)> {
        // Each row is decided as soon as it is checked, and only its events kept: the commands
        // and streams of ten thousand rows are never held at once.
        let decided: Vec<Result<Decided>> = futures::stream::iter(rows)
            .map(|(id, commands)| async move {
                let batch = self.checked_batch(principal, id, self.resolved(commands).await?).await?;
                let decided = self.activities.decide_batch(batch).await?;
                checked(1);
                Ok(decided)
            })
            .buffered(READERS)
            .collect()
            .await;
        let mut ready = Vec::with_capacity(decided.len());
        for (index, batch) in decided.into_iter().enumerate() {
            ready.push(batch.map_err(|error| (Some(index), error))?);
        }
        self.activities.append_batches(ready).await.map_err(|(index, error)| (index, error.into()))
    }

    /// Commands with the organisations their funders name, and each command's reason in its
    /// context.
    async fn resolved(
        &self,
        commands: Vec<(ActivityCommand, CommandContext)>,
    ) -> Result<Vec<(ActivityCommand, CommandContext)>> {
        let mut resolved = Vec::with_capacity(commands.len());
        for (command, context) in commands {
            let reason = command.reason().map(ToString::to_string);
            resolved.push((self.with_organisations(command).await?, CommandContext { reason, ..context }));
        }
        Ok(resolved)
    }

    /// The activity's stream with `commands`, once the caller's scope admits each on it.
    async fn checked_batch(
        &self,
        principal: &Principal,
        id: uuid::Uuid,
        commands: Vec<(ActivityCommand, CommandContext)>,
    ) -> Result<Batch<Activity>> {
        let aggregate_id = id.to_string();
        let stream = self.activities.stream(&aggregate_id).await?;
        let (activity, _) = fold(stream.clone());
        for (command, _) in &commands {
            match command {
                ActivityCommand::Plan(plan) if activity.record().is_none() => {
                    let code = self.require_programme(plan.programme_id).await?;
                    if !principal.covers(&plan.countries, &code) {
                        return Err(outside_scope());
                    }
                }
                // Decided after the batch's plan: the plan's check covers them.
                _ if activity.record().is_none() => {}
                other => self.check_activity_command(principal, id, &activity, other).await?,
            }
        }
        Ok(Batch { aggregate_id, stream, commands })
    }

    /// The caller may see the activity and, for a correction, may see it as corrected.
    async fn check_activity_command(
        &self,
        principal: &Principal,
        id: uuid::Uuid,
        activity: &Activity,
        command: &ActivityCommand,
    ) -> Result<()> {
        let record = self.visible(principal, id, activity.record()).await?;
        if let ActivityCommand::Correct(correction) = command {
            let corrected = correction.changes.applied_to(&record.planned);
            let code = match correction.changes.programme_id {
                Some(programme_id) => self.require_programme(programme_id).await?,
                None => self.programme_code(record.planned.programme_id).await?,
            };
            if !principal.covers(&corrected.countries, &code) {
                return Err(outside_scope());
            }
        }
        Ok(())
    }

    /// The programme's record and version; 404 when nothing was registered under `id`.
    pub async fn programme(&self, id: uuid::Uuid) -> Result<(ProgrammeRecord, u64)> {
        let (programme, version) = self.programmes.load(&id.to_string()).await?;
        programme
            .record()
            .cloned()
            .map(|record| (record, version))
            .ok_or_else(|| Error::NotFound(no_programme(&id)))
    }

    /// The code of the programme a plan or correction names; 422 when there is none.
    async fn require_programme(&self, id: ProgrammeId) -> Result<String> {
        match self.programme(id.as_uuid()).await {
            Err(Error::NotFound(_)) => Err(Error::validation("programme_id", no_programme(&id))),
            other => other.map(|(record, _)| record.registration.code.as_str().to_owned()),
        }
    }

    /// The code of a registered programme (empty if it is gone, which the log never allows).
    async fn programme_code(&self, id: ProgrammeId) -> Result<String> {
        let (programme, _) = self.programmes.load(&id.to_string()).await?;
        Ok(programme.record().map(|r| r.registration.code.as_str().to_owned()).unwrap_or_default())
    }

    /// The activity, if the caller may see it: everything for managers and admins, the scope
    /// for advisers, what it funds for a donor. Anything else is "not found".
    pub async fn visible_activity(
        &self,
        principal: &Principal,
        id: uuid::Uuid,
    ) -> Result<(ActivityRecord, u64)> {
        let (activity, version) = self.activities.load(&id.to_string()).await?;
        let record = self.visible(principal, id, activity.record()).await?;
        Ok((record.clone(), version))
    }

    /// `record` if the caller may see it (see [`App::visible_activity`]).
    async fn visible<'r>(
        &self,
        principal: &Principal,
        id: uuid::Uuid,
        record: Option<&'r ActivityRecord>,
    ) -> Result<&'r ActivityRecord> {
        let not_found = || Error::NotFound(msg("problem-no-activity-with-id").with("id", id.to_string()));
        let record = record.ok_or_else(not_found)?;
        let visible = match principal.role {
            Role::Manager | Role::Admin => true,
            Role::Adviser => {
                let code = self.programme_code(record.planned.programme_id).await?;
                principal.covers(&record.planned.countries, &code)
            }
            Role::Donor => principal
                .funder()
                .is_some_and(|own| record.funding.iter().any(|f| own.goes_by(f.donor.as_str()))),
        };
        if visible {
            Ok(record)
        } else {
            Err(not_found())
        }
    }

    /// The programme, if the caller may see it: advisers within their programmes, donors where
    /// they contributed or fund an activity; a donor reads only its own contributions.
    pub async fn visible_programme(
        &self,
        principal: &Principal,
        id: uuid::Uuid,
    ) -> Result<(ProgrammeRecord, u64)> {
        let (mut record, version) = self.programme(id).await?;
        let visible = match principal.role {
            Role::Manager | Role::Admin => true,
            Role::Adviser => principal.covers(&[], record.registration.code.as_str()),
            Role::Donor => {
                // The programme list's rule, so that list and detail agree.
                let funded = ActivityFilter {
                    funded_by: Some(principal.donor_names().unwrap_or_default().to_vec()),
                    ..Default::default()
                };
                let id = id.to_string();
                listing::programmes(&self.db, &funded).await?.iter().any(|p| p.id == id)
            }
        };
        if visible {
            record.contributions.retain(|c| principal.may_read_money_of(c.donor.as_str()));
            Ok((record, version))
        } else {
            Err(Error::NotFound(no_programme(&id)))
        }
    }
}

/// "no programme is registered under id …".
fn no_programme(id: &impl ToString) -> Message {
    msg("problem-no-programme-with-id").with("id", id.to_string())
}

fn outside_scope() -> Error {
    Error::Forbidden(msg("problem-activity-outside-scope"))
}

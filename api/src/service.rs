//! The application's use cases, shared by the HTTP handlers and the demo seeder so that both go
//! through the same checks: commands, plus the rules that span streams (a plan names a
//! registered programme; programme codes are unique).

use std::sync::Arc;

use tokio::sync::Notify;

use cqrs_es::persist::PersistedEventStore;
use postgres_es::PostgresEventRepository;
use sqlite_es::SqliteEventRepository;
use tatrack_domain::activity::PlanActivity;
use tatrack_domain::programme::RegisterProgramme;
use tatrack_domain::values::ProgrammeId;
use tatrack_domain::{
    Activity, ActivityCommand, ActivityRecord, Programme, ProgrammeCommand, ProgrammeRecord,
};
use tatrack_projections::{registry, Db};

use crate::commands::{CommandBus, CommandContext, EventLog, Landed};
use crate::error::{ApiError, Result};

/// What every handler shares: the store and one command bus per aggregate.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Notified after every append; the projector waits on it.
    pub appended: Arc<Notify>,
    pub activities: Arc<CommandBus<Activity>>,
    pub programmes: Arc<CommandBus<Programme>>,
}

impl AppState {
    /// Wires cqrs-es's event store of the backend `db` points at.
    pub fn new(db: Db) -> Self {
        let (activities, programmes): (Arc<dyn EventLog<Activity>>, Arc<dyn EventLog<Programme>>) = match &db
        {
            Db::Postgres(pool) => (
                Arc::new(PersistedEventStore::new_event_store(PostgresEventRepository::new(pool.clone()))),
                Arc::new(PersistedEventStore::new_event_store(PostgresEventRepository::new(pool.clone()))),
            ),
            Db::Sqlite(pool) => (
                Arc::new(PersistedEventStore::new_event_store(SqliteEventRepository::new(pool.clone()))),
                Arc::new(PersistedEventStore::new_event_store(SqliteEventRepository::new(pool.clone()))),
            ),
        };
        let appended = Arc::new(Notify::new());
        Self {
            activities: Arc::new(CommandBus::new(activities, db.clone(), appended.clone())),
            programmes: Arc::new(CommandBus::new(programmes, db.clone(), appended.clone())),
            appended,
            db,
        }
    }

    pub async fn register_programme(
        &self,
        register: RegisterProgramme,
        context: &CommandContext,
    ) -> Result<Landed> {
        let id = register.id.to_string();
        let code = register.code.as_str();
        let owner = registry::claim_programme_code(&self.db, code, &id).await?;
        // A claim whose programme never registered under that code (its registration was
        // refused, or its process died in between) is stale: take it over.
        if owner != id
            && (self.holds_code(&owner, code).await?
                || !registry::reassign_programme_code(&self.db, code, &owner, &id).await?)
        {
            return Err(ApiError::Conflict {
                slug: "programme-code-taken",
                detail: format!("programme code {code} already belongs to programme {owner}"),
            });
        }
        Ok(self.programmes.execute(&id, ProgrammeCommand::Register(register), context).await?)
    }

    pub async fn programme_command(
        &self,
        id: ProgrammeId,
        command: ProgrammeCommand,
        context: &CommandContext,
    ) -> Result<Landed> {
        Ok(self.programmes.execute(&id.to_string(), command, context).await?)
    }

    pub async fn plan_activity(&self, plan: PlanActivity, context: &CommandContext) -> Result<Landed> {
        self.require_programme(plan.programme_id).await?;
        let id = plan.id.to_string();
        Ok(self.activities.execute(&id, ActivityCommand::Plan(plan), context).await?)
    }

    pub async fn activity_command(
        &self,
        id: uuid::Uuid,
        command: ActivityCommand,
        context: &CommandContext,
    ) -> Result<Landed> {
        if let ActivityCommand::Correct(correction) = &command {
            if let Some(programme_id) = correction.changes.programme_id {
                self.require_programme(programme_id).await?;
            }
        }
        let context = CommandContext { reason: command.reason().map(ToString::to_string), ..context.clone() };
        Ok(self.activities.execute(&id.to_string(), command, &context).await?)
    }

    /// The activity's record and version; 404 when nothing was planned under `id`.
    pub async fn activity(&self, id: uuid::Uuid) -> Result<(ActivityRecord, u64)> {
        let (activity, version) = self.activities.load(&id.to_string()).await?;
        activity
            .record()
            .cloned()
            .map(|record| (record, version))
            .ok_or_else(|| ApiError::NotFound(format!("no activity is recorded under id {id}")))
    }

    /// The programme's record and version; 404 when nothing was registered under `id`.
    pub async fn programme(&self, id: uuid::Uuid) -> Result<(ProgrammeRecord, u64)> {
        let (programme, version) = self.programmes.load(&id.to_string()).await?;
        programme
            .record()
            .cloned()
            .map(|record| (record, version))
            .ok_or_else(|| ApiError::NotFound(format!("no programme is registered under id {id}")))
    }

    /// Whether the programme `id` is registered under `code`.
    async fn holds_code(&self, id: &str, code: &str) -> Result<bool> {
        let (programme, _) = self.programmes.load(id).await?;
        Ok(programme.record().is_some_and(|r| r.registration.code.as_str() == code))
    }

    async fn require_programme(&self, id: ProgrammeId) -> Result<()> {
        match self.programme(id.as_uuid()).await {
            Err(ApiError::NotFound(_)) => Err(ApiError::validation(
                "programme_id",
                &format!("no programme is registered under id {id}"),
            )),
            other => other.map(|_| ()),
        }
    }
}

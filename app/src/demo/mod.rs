//! The demo data set: programmes and activities drawn from the UNODC report on international
//! cooperation against transnational organized crime and corruption (E/CN.15/2020/8), written
//! through the same use cases as any user's commands.

use anyhow::{anyhow, bail, Context as _};
use serde::Deserialize;
use serde_json::Value;
use tatrack_domain::activity::{ActivityAction, PlanActivity};
use tatrack_domain::organisation::RegisterOrganisation;
use tatrack_domain::programme::{Contribution, RegisterProgramme};
use tatrack_domain::token::{Role, TokenScope};
use tatrack_domain::values::{IndicatorId, ProgrammeId};
use tatrack_domain::ActivityCommand;
use tatrack_domain::OrganisationCommand;
use tatrack_domain::ProgrammeCommand;
use tatrack_store::bus::{CommandContext, Idempotency};
use tatrack_store::log;

use crate::auth::Principal;
use crate::commands::request_digest;
use crate::commands::today;
use crate::service::App;

const DATA: &str = include_str!("demo.json");
/// One programme's results framework, seeded after the activities it counts.
const RESULTS: &str = include_str!("results.json");

/// A results command of the demo: a programme, the route under it, and the body.
#[derive(Debug, Deserialize)]
struct DemoResultsStep {
    programme: uuid::Uuid,
    command: String,
    body: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoData {
    /// The donors of the report, with their IATI identifiers where they have one; registered
    /// first, so every donor name the activities record resolves to one of them.
    organisations: Vec<Value>,
    programmes: Vec<DemoProgramme>,
    activities: Vec<DemoActivity>,
}

/// A registration body plus its contributions (the registration itself rejects unknown keys).
#[derive(Deserialize)]
struct DemoProgramme {
    #[serde(flatten)]
    registration: Value,
    contributions: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoActivity {
    plan: Value,
    then: Vec<DemoStep>,
}

/// One command, named by the last segment of its route (`delivery`, `funding/withdrawal`...).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoStep {
    command: String,
    body: Value,
}

/// What a seeding run wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub programmes: usize,
    pub activities: usize,
    pub commands: usize,
}

/// Writes the demo data set into an empty store; a store that holds any event is left alone
/// (`Ok(None)`).
pub async fn seed_if_empty(app: &App) -> anyhow::Result<Option<Seeded>> {
    if !log::is_empty(&app.db).await? {
        return Ok(None);
    }
    seed(app).await.map(Some)
}

/// Writes the whole data set. Each command carries an idempotency key of its own, so a run
/// that was interrupted can simply be run again.
pub async fn seed(app: &App) -> anyhow::Result<Seeded> {
    let data: DemoData = serde_json::from_str(DATA).context("the demo data set does not parse")?;
    let mut seeded = Seeded::default();
    for body in data.organisations {
        let register: RegisterOrganisation = serde_json::from_value(body.clone())?;
        let id = register.id;
        app.organisation_command(
            id,
            OrganisationCommand::Register(register),
            &context("/api/v1/organisations", &body),
        )
        .await
        .map_err(|e| anyhow!("registering organisation {id}: {e}"))?;
        seeded.commands += 1;
    }
    for programme in data.programmes {
        let register: RegisterProgramme = serde_json::from_value(programme.registration.clone())?;
        let id = register.id;
        let path = "/api/v1/programmes".to_owned();
        app.register_programme(register, &context(&path, &programme.registration))
            .await
            .map_err(|e| anyhow!("registering programme {id}: {e}"))?;
        for body in programme.contributions {
            let path = format!("/api/v1/programmes/{id}/contributions");
            let command =
                ProgrammeCommand::RecordContribution(serde_json::from_value::<Contribution>(body.clone())?);
            app.programme_command(id, command, &context(&path, &body))
                .await
                .map_err(|e| anyhow!("{path}: {e}"))?;
            seeded.commands += 1;
        }
        seeded.programmes += 1;
        seeded.commands += 1;
    }
    for activity in data.activities {
        let plan: PlanActivity = serde_json::from_value(activity.plan.clone())?;
        let id = plan.id.as_uuid();
        app.plan_activity(&seeder(), plan, &context("/api/v1/activities", &activity.plan))
            .await
            .map_err(|e| anyhow!("planning activity {id}: {e}"))?;
        for step in activity.then {
            let path = format!("/api/v1/activities/{id}/{}", step.command);
            let command = activity_command(&step.command, step.body.clone()).with_context(|| path.clone())?;
            app.activity_command(&seeder(), id, command, &context(&path, &step.body))
                .await
                .map_err(|e| anyhow!("{path}: {e}"))?;
            seeded.commands += 1;
        }
        seeded.activities += 1;
        seeded.commands += 1;
    }
    let steps: Vec<DemoResultsStep> =
        serde_json::from_str(RESULTS).context("the demo results do not parse")?;
    for step in steps {
        let path = format!("/api/v1/programmes/{}/{}", step.programme, step.command);
        let command = results_command(&step.command, step.body.clone()).with_context(|| path.clone())?;
        app.programme_command(ProgrammeId::new(step.programme), command, &context(&path, &step.body))
            .await
            .map_err(|e| anyhow!("{path}: {e}"))?;
        seeded.commands += 1;
    }
    Ok(seeded)
}

/// The results command a route under a programme (`outcomes`, `indicators/{id}/actuals`...)
/// and its body stand for.
fn results_command(name: &str, body: Value) -> anyhow::Result<ProgrammeCommand> {
    use serde_json::from_value;
    let indicator = |id: &str| uuid::Uuid::parse_str(id).map(IndicatorId::new);
    Ok(match name.split('/').collect::<Vec<_>>()[..] {
        ["outcomes"] => ProgrammeCommand::DefineOutcome(from_value(body)?),
        ["indicators"] => ProgrammeCommand::DefineIndicator(from_value(body)?),
        ["indicators", id, "revisions"] => {
            ProgrammeCommand::ReviseIndicator { indicator_id: indicator(id)?, revision: from_value(body)? }
        }
        ["indicators", id, "actuals"] => {
            ProgrammeCommand::ReportActual { indicator_id: indicator(id)?, report: from_value(body)? }
        }
        _ => bail!("no results command is named '{name}'"),
    })
}

/// The command a route segment (`delivery`, `funding/withdrawal`...) and its body stand for.
pub fn activity_command(name: &str, body: Value) -> anyhow::Result<ActivityCommand> {
    use ActivityAction as A;
    let action = match name {
        "reschedule" => A::Reschedule,
        "delivery" => A::RecordDelivery,
        "participants" => A::RecordParticipants,
        "funding" => A::AttributeFunding,
        "funding/withdrawal" => A::WithdrawFunding,
        "outputs" => A::RecordOutput,
        "corrections" => A::Correct,
        "cancellation" => A::Cancel,
        "report" => A::Report,
        "delivery/amendment" => A::AmendDelivery,
        "participants/amendment" => A::AmendParticipants,
        "funding/amendment" => A::AmendFunding,
        "outputs/amendment" => A::AmendOutput,
        "outputs/removal" => A::RemoveOutput,
        "voiding" => A::Void,
        other => bail!("no activity command is named '{other}'"),
    };
    Ok(action.command(body, today())?)
}

/// The seeder acts with an admin's rights: the data spans every country and programme.
fn seeder() -> Principal {
    Principal {
        name: "demo-seeder".into(),
        role: Role::Admin,
        scope: TokenScope::default(),
        funder: None,
        person: None,
    }
}

/// The seeder records as an adviser would, keyed by route and body so reruns write nothing.
fn context(path: &str, body: &Value) -> CommandContext {
    let digest = request_digest("POST", path, body);
    CommandContext {
        actor: seeder().name,
        person: None,
        role: seeder().role.as_str().into(),
        request_id: format!("demo-{}", &digest[..16]),
        expected_version: None,
        idempotency: Some(Idempotency { key: format!("demo-{digest}"), request_digest: digest }),
        reason: None,
        import: None,
    }
}

/// One ready token per role for the demo, so the README tour works as written. Earlier demo
/// tokens are revoked first: their secrets were shown once and are gone.
pub async fn issue_demo_tokens(app: &App) -> anyhow::Result<Vec<(Role, TokenScope, String)>> {
    let context =
        CommandContext { request_id: "demo-tokens".into(), ..context("/api/v1/tokens", &Value::Null) };
    let context = CommandContext { idempotency: None, ..context };
    for token in tatrack_store::tokens::list(&app.db).await? {
        if token.name.starts_with("demo-") && token.revoked_at.is_none() {
            app.revoke_token(&token.name, &context)
                .await
                .map_err(|e| anyhow!("revoking {}: {e}", token.name))?;
        }
    }
    let suffix = &uuid::Uuid::new_v4().simple().to_string()[..6];
    let country = |code: &str| tatrack_domain::values::CountryCode::parse(code);
    let roles = [
        (Role::Admin, TokenScope::default()),
        (Role::Manager, TokenScope::default()),
        (
            Role::Adviser,
            TokenScope {
                countries: vec![country("SAU")?, country("AGO")?, country("BOL")?],
                ..TokenScope::default()
            },
        ),
        (
            Role::Donor,
            TokenScope {
                donor: Some(tatrack_domain::values::NonEmptyText::parse("European Union")?),
                ..TokenScope::default()
            },
        ),
    ];
    let mut issued = Vec::new();
    for (role, scope) in roles {
        let name = format!("demo-{}-{suffix}", role.as_str());
        let create = tatrack_domain::token::CreateToken {
            role,
            scope: scope.clone(),
            expires_at: None,
            language: None,
        };
        let secret =
            app.create_token(&name, create, &context).await.map_err(|e| anyhow!("issuing {name}: {e}"))?;
        issued.push((role, scope, secret));
    }
    Ok(issued)
}

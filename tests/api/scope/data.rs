//! The data set the scope walk records (two programmes, five activities, their funding and
//! contributions, two organisations), the callers that read it, and what each caller may see.

use std::collections::BTreeMap;

use serde_json::json;
use uuid::Uuid;

use tatrack_testkit::{delivery_body, programme_body, unique_code, TestApp};

pub(super) const EU: &str = "European Union";
pub(super) const JAPAN: &str = "Japan";

/// An activity of the data set: its programme (index), countries, funding lines as
/// (donor, minor units, currency), and participants (female, male) if delivered.
pub(super) struct Activity {
    pub(super) id: Uuid,
    pub(super) programme: usize,
    pub(super) countries: &'static [&'static str],
    pub(super) funding: Vec<(&'static str, i64, &'static str)>,
    pub(super) participants: Option<(i64, i64)>,
}

/// What the test recorded.
pub(super) struct Data {
    pub(super) programmes: Vec<(Uuid, String)>,
    pub(super) activities: Vec<Activity>,
    /// (programme index, donor, minor units, currency).
    pub(super) contributions: Vec<(usize, &'static str, i64, &'static str)>,
    /// Events appended, the admin token's included.
    pub(super) events: usize,
    /// The organisations registered: the European Union (alias "EU") and Japan.
    pub(super) organisations: Vec<(Uuid, &'static str)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Caller {
    Admin,
    Manager,
    /// An adviser for SAU.
    AdviserSau,
    /// An adviser for the second programme.
    AdviserB,
    /// The European Union's donor token.
    DonorEu,
}

pub(super) const CALLERS: [Caller; 5] =
    [Caller::Admin, Caller::Manager, Caller::AdviserSau, Caller::AdviserB, Caller::DonorEu];

impl Caller {
    pub(super) fn sees_all(self) -> bool {
        matches!(self, Self::Admin | Self::Manager)
    }

    pub(super) fn is_adviser(self) -> bool {
        matches!(self, Self::AdviserSau | Self::AdviserB)
    }

    pub(super) fn sees(self, activity: &Activity) -> bool {
        match self {
            Self::Admin | Self::Manager => true,
            Self::AdviserSau => activity.countries.iter().all(|c| *c == "SAU"),
            Self::AdviserB => activity.programme == 1,
            Self::DonorEu => activity.funding.iter().any(|(donor, ..)| *donor == EU),
        }
    }

    /// Whether the caller may read what `donor` gave.
    pub(super) fn reads_money_of(self, donor: &str) -> bool {
        self != Self::DonorEu || donor == EU
    }

    pub(super) fn sees_programme(self, data: &Data, programme: usize) -> bool {
        match self {
            Self::Admin | Self::Manager | Self::AdviserSau => true,
            Self::AdviserB => programme == 1,
            Self::DonorEu => {
                data.contributions.iter().any(|(p, donor, ..)| *p == programme && *donor == EU)
                    || data.activities.iter().any(|a| a.programme == programme && self.sees(a))
            }
        }
    }
}

/// `minor` units of `currency` as the API writes amounts.
pub(super) fn amount(minor: i64, currency: &str) -> String {
    if currency == "JPY" {
        minor.to_string()
    } else {
        format!("{}.{:02}", minor / 100, minor % 100)
    }
}

/// Records the data set with the admin token; returns it with the callers' tokens.
pub(super) async fn arrange(app: &TestApp) -> (Data, BTreeMap<&'static str, String>) {
    let mut events = 1;
    let mut programmes = Vec::new();
    for _ in 0..2 {
        let (id, code) = (Uuid::new_v4(), unique_code());
        app.command("/api/v1/programmes", &programme_body(id, &code)).await;
        programmes.push((id, code));
        events += 1;
    }
    let activity = |programme, countries, funding: Vec<_>, participants| Activity {
        id: Uuid::new_v4(),
        programme,
        countries,
        funding,
        participants,
    };
    let activities = vec![
        activity(0, &["SAU"][..], vec![(EU, 10_000, "EUR")], Some((3, 2))),
        activity(1, &["AGO"][..], vec![(JAPAN, 1000, "JPY")], None),
        activity(0, &["SAU", "AGO"][..], vec![(EU, 5000, "EUR"), (JAPAN, 200, "JPY")], None),
        activity(1, &["SAU"][..], vec![], None),
        activity(0, &["AGO"][..], vec![(JAPAN, 300, "JPY")], None),
    ];
    for a in &activities {
        let plan = json!({
            "id": a.id, "programme_id": programmes[a.programme].0, "kind": "workshop", "title": "Scope workshop",
            "countries": a.countries, "location": "Riyadh", "planned_start": "2019-10-20", "planned_end": "2019-10-24"
        });
        app.command("/api/v1/activities", &plan).await;
        events += 1;
        for (donor, minor, currency) in &a.funding {
            let funding = json!({"donor": donor, "amount": amount(*minor, currency), "currency": currency});
            app.command(&format!("/api/v1/activities/{}/funding", a.id), &funding).await;
            events += 1;
        }
        if let Some((female, male)) = a.participants {
            app.command(&format!("/api/v1/activities/{}/delivery", a.id), &delivery_body()).await;
            let tally = json!({"female": female, "male": male, "other_or_undisclosed": 0});
            app.command(&format!("/api/v1/activities/{}/participants", a.id), &tally).await;
            events += 2;
        }
    }
    let contributions = vec![(0, EU, 100_000, "EUR"), (0, JAPAN, 5000, "JPY"), (1, JAPAN, 7000, "JPY")];
    for (programme, donor, minor, currency) in &contributions {
        let body = json!({"donor": donor, "amount": amount(*minor, currency), "currency": currency,
                          "received_on": "2019-03-01"});
        app.command(&format!("/api/v1/programmes/{}/contributions", programmes[*programme].0), &body).await;
        events += 1;
    }
    let organisations = vec![(Uuid::new_v4(), EU), (Uuid::new_v4(), JAPAN)];
    for (id, name) in &organisations {
        let aliases = if *name == EU { json!(["EU"]) } else { json!([]) };
        let body = json!({"id": id, "name": name, "organisation_type": "government", "aliases": aliases});
        app.command("/api/v1/organisations", &body).await;
        events += 1;
    }
    let code_b = programmes[1].1.clone();
    let mut tokens = BTreeMap::from([("admin", app.token.clone())]);
    for (key, body) in [
        ("manager", json!({"name": "scope.manager", "role": "manager"})),
        ("adviser-sau", json!({"name": "scope.sau", "role": "adviser", "scope": {"countries": ["SAU"]}})),
        ("adviser-b", json!({"name": "scope.b", "role": "adviser", "scope": {"programmes": [code_b]}})),
        ("donor-eu", json!({"name": "scope.eu", "role": "donor", "scope": {"donor": EU}})),
    ] {
        tokens.insert(key, app.issue_token(&body).await);
        events += 1;
    }
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.get_json(&format!("/api/v1/countries?min_position={head}")).await;
    (Data { programmes, activities, contributions, events, organisations }, tokens)
}

pub(super) fn token<'t>(tokens: &'t BTreeMap<&'static str, String>, caller: Caller) -> &'t str {
    let key = match caller {
        Caller::Admin => "admin",
        Caller::Manager => "manager",
        Caller::AdviserSau => "adviser-sau",
        Caller::AdviserB => "adviser-b",
        Caller::DonorEu => "donor-eu",
    };
    &tokens[key]
}

//! Summaries and lists, checked against figures computed independently from the script that
//! produced them: a small in-test model folds the same steps and applies the counting rules.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::StatusCode;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, unique_code, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    summaries_match_figures_computed_from_the_script,
    activity_list_filters_and_pages_stably,
    lists_of_countries_programmes_and_donors,
    countries_in_a_date_range_as_each_caller_sees_them,
    unknown_donor_summary_is_404,
    projection_status_reports_no_lag_after_catch_up,
);

type Text = &'static str;
/// Female, male, other or undisclosed.
type Sexes = [i64; 3];
/// A start and an end date.
type Span = (Text, Text);
/// `from` and `to`, each optional.
type Range = (Option<Text>, Option<Text>);

/// One command of the script. Programmes and activities are named by their index.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// Programme, name, thematic area.
    Programme(usize, Text, Text),
    /// Programme, donor, amount, currency, received on.
    Contribution(usize, Text, Text, Text, Text),
    /// Activity, programme, kind, countries, planned dates.
    Plan(usize, usize, Text, &'static [Text], Span),
    Deliver(usize, Span),
    /// Activity, overall tally, by institution, by country.
    Participants(usize, Sexes, &'static [(Text, i64)], Option<&'static [(Text, Sexes)]>),
    Output(usize, Text),
    /// Activity, donor, amount, currency.
    Fund(usize, Text, Text, Text),
    Withdraw(usize, Text),
    Cancel(usize),
    Correct(usize, Change),
    Report(usize),
    /// Activity, new delivery dates.
    AmendDelivery(usize, Span),
    /// Activity, new overall tally, by institution, by country.
    AmendParticipants(usize, Sexes, &'static [(Text, i64)], Option<&'static [(Text, Sexes)]>),
    /// Activity, funding line, new donor, amount, currency.
    AmendFunding(usize, usize, Text, Text, Text),
    /// Activity, output, new kind.
    AmendOutput(usize, usize, Text),
    /// Activity, output recorded in error.
    RemoveOutput(usize, usize),
    Void(usize),
}

/// The planned field a correction changes.
#[derive(Debug, Clone, Copy)]
enum Change {
    Countries(&'static [Text]),
    Dates(Span),
    Programme(usize),
    Kind(Text),
}

const EU: Text = "European Union";
const JAPAN: Text = "Japan";
const US: Text = "United States";
const NORWAY: Text = "Norway";
/// Leaves out the activities of 2019 and 2021.
const YEAR_2020: Range = (Some("2020-01-01"), Some("2020-12-31"));
/// Every date (the all-time cells), a whole year (its year cells), whole months with the open
/// years after or before them (month and year cells), ranges with partial months at either
/// end (cells plus the detail tables), whole years with whole and partial months around them,
/// and a range inside one month (the detail tables alone).
const RANGES: [Range; 9] = [
    (None, None),
    YEAR_2020,
    (Some("2020-06-01"), None),
    (Some("2019-12-14"), Some("2020-09-16")),
    (None, Some("2020-05-19")),
    (Some("2020-01-14"), Some("2020-01-21")),
    (Some("2019-01-01"), Some("2021-12-31")),
    (Some("2019-11-01"), Some("2021-02-28")),
    (Some("2019-11-05"), Some("2021-01-12")),
];

/// Three programmes; twelve activities in six countries (two regional), two of them voided;
/// three donors funding activities in EUR, USD and JPY, and a fourth that only contributes to a
/// programme. Amendments after report move a tally, a funding line, an output and a delivery
/// (into another month).
fn script() -> Vec<Step> {
    use Step as S;
    vec![
        S::Programme(0, "Global Firearms Programme", "firearms"),
        S::Programme(1, "Regional Programme for Eastern Africa", "organized_crime"),
        S::Programme(2, "Global eLearning Programme", "crime_prevention"),
        S::Contribution(0, EU, "250000.00", "EUR", "2019-03-01"),
        S::Contribution(0, US, "100000", "USD", "2020-04-15"),
        S::Contribution(1, JAPAN, "50000000", "JPY", "2020-02-01"),
        S::Contribution(1, EU, "75000.5", "EUR", "2021-02-01"),
        S::Contribution(2, NORWAY, "50000", "NOK", "2020-06-30"),
        S::Contribution(0, EU, "0.50", "EUR", "2020-12-31"),
        // 0: 2019, reported; tallied twice; two attributions from one donor.
        S::Plan(0, 0, "workshop", &["KEN"], ("2019-11-04", "2019-11-06")),
        S::Fund(0, EU, "12000.00", "EUR"),
        S::Fund(0, EU, "500.50", "EUR"),
        S::Deliver(0, ("2019-11-04", "2019-11-06")),
        S::Participants(0, [5, 5, 0], &[("police", 3)], None),
        S::Participants(0, [10, 12, 1], &[("police", 8), ("prosecutors", 5)], None),
        S::Output(0, "law_drafted"),
        S::Report(0),
        // 1: planned for 2019, delivered in 2020; a later plan date changes nothing.
        S::Plan(1, 0, "training", &["TZA"], ("2019-12-09", "2019-12-13")),
        S::Fund(1, US, "25000", "USD"),
        S::Deliver(1, ("2020-01-13", "2020-01-17")),
        S::Participants(1, [20, 15, 0], &[("judges", 10)], None),
        S::Output(1, "manual_published"),
        S::Correct(1, Change::Dates(("2021-03-01", "2021-03-05"))),
        // 2: regional, with a country breakdown that leaves UGA and some people out.
        S::Plan(2, 1, "expert_group_meeting", &["KEN", "TZA", "UGA"], ("2020-03-02", "2020-03-04")),
        S::Fund(2, JAPAN, "1500000", "JPY"),
        S::Fund(2, EU, "8000.00", "EUR"),
        S::Fund(2, JAPAN, "5000", "USD"),
        S::Deliver(2, ("2020-03-02", "2020-03-04")),
        S::Participants(2, [10, 10, 0], &[], None),
        S::Participants(
            2,
            [30, 25, 2],
            &[("police", 20), ("customs", 10)],
            Some(&[("KEN", [10, 8, 0]), ("TZA", [5, 5, 1])]),
        ),
        S::Output(2, "network_established"),
        S::Output(2, "network_established"),
        // 3: regional, without a country breakdown; reported.
        S::Plan(3, 1, "workshop", &["NGA", "GHA"], ("2020-05-18", "2020-05-20")),
        S::Fund(3, US, "10000.50", "USD"),
        S::Deliver(3, ("2020-05-18", "2020-05-20")),
        S::Participants(3, [12, 18, 0], &[("customs", 6)], None),
        S::Report(3),
        // 4: funded, cancelled, then one donor takes its money back.
        S::Plan(4, 2, "assessment_mission", &["UGA"], ("2020-06-01", "2020-06-05")),
        S::Fund(4, EU, "3000", "EUR"),
        S::Fund(4, JAPAN, "250000", "JPY"),
        S::Cancel(4),
        S::Withdraw(4, JAPAN),
        // 5: planned for 2019, corrected into 2020.
        S::Plan(5, 2, "training", &["GHA"], ("2019-12-16", "2019-12-18")),
        S::Fund(5, JAPAN, "300000", "JPY"),
        S::Correct(5, Change::Dates(("2020-01-20", "2020-01-22"))),
        // 6: one donor withdraws; corrected from MLI alone to GHA and SEN.
        S::Plan(6, 0, "mentoring", &["MLI"], ("2020-07-06", "2020-07-10")),
        S::Fund(6, EU, "4500.00", "EUR"),
        S::Fund(6, US, "2000", "USD"),
        S::Deliver(6, ("2020-07-06", "2020-07-10")),
        S::Participants(6, [3, 4, 1], &[("financial_intelligence", 5)], None),
        S::Withdraw(6, EU),
        S::Correct(6, Change::Countries(&["GHA", "SEN"])),
        // 7: planned only, its kind corrected; shares its date with 8.
        S::Plan(7, 1, "legislative_assistance", &["KEN"], ("2020-09-14", "2020-09-18")),
        S::Fund(7, US, "7000", "USD"),
        S::Correct(7, Change::Kind("workshop")),
        // 8: moved to another programme after its delivery; no funding.
        S::Plan(8, 2, "e_learning", &["TZA"], ("2020-09-14", "2020-09-30")),
        S::Deliver(8, ("2020-09-14", "2020-09-30")),
        S::Participants(8, [1, 1, 1], &[], None),
        S::Participants(8, [40, 35, 5], &[("academia", 20), ("other", 10)], None),
        S::Output(8, "other"),
        S::Correct(8, Change::Programme(0)),
        // 9: delivered in 2020, then re-recorded as delivered in 2021.
        S::Plan(9, 0, "publication", &["UGA"], ("2021-01-11", "2021-01-15")),
        S::Fund(9, EU, "1000", "EUR"),
        S::Deliver(9, ("2020-12-28", "2020-12-31")),
        S::Deliver(9, ("2021-01-11", "2021-01-15")),
        S::Output(9, "manual_published"),
        // Amendments of what happened, after report (0, 3) and before it (2).
        S::AmendParticipants(0, [11, 12, 1], &[("police", 8), ("prosecutors", 6)], None),
        S::AmendFunding(0, 1, JAPAN, "500", "JPY"),
        S::AmendOutput(0, 0, "strategy_adopted"),
        S::AmendDelivery(3, ("2020-06-02", "2020-06-04")),
        S::AmendParticipants(3, [12, 17, 0], &[("customs", 6)], Some(&[("NGA", [7, 9, 0])])),
        S::RemoveOutput(2, 1),
        // 10: a duplicate of 1, recorded in full and reported, then voided.
        S::Plan(10, 0, "training", &["TZA"], ("2019-12-09", "2019-12-13")),
        S::Fund(10, US, "25000", "USD"),
        S::Deliver(10, ("2020-01-13", "2020-01-17")),
        S::Participants(10, [20, 15, 0], &[("judges", 10)], None),
        S::Output(10, "manual_published"),
        S::Report(10),
        S::Void(10),
        // 11: planned by mistake, voided before anything happened.
        S::Plan(11, 1, "workshop", &["KEN"], ("2020-09-14", "2020-09-18")),
        S::Fund(11, JAPAN, "100", "JPY"),
        S::Void(11),
    ]
}

// ---------------------------------------------------------------------------------------------
// Running the script over HTTP

/// What the script's indices stand for in one run: programme ids and codes, activity ids.
struct Ids {
    programmes: Vec<(Uuid, String)>,
    activities: Vec<Uuid>,
}

/// Runs the script; returns its ids and the last command's position.
async fn run(app: &TestApp, script: &[Step]) -> (Ids, i64) {
    let count = |pick: fn(&Step) -> bool| script.iter().filter(|s| pick(s)).count();
    let ids = Ids {
        programmes: (0..count(|s| matches!(s, Step::Programme(..))))
            .map(|_| (Uuid::new_v4(), unique_code()))
            .collect(),
        activities: (0..count(|s| matches!(s, Step::Plan(..)))).map(|_| Uuid::new_v4()).collect(),
    };
    let mut position = 0;
    for step in script {
        let (path, body) = request(*step, &ids);
        let answer = match *step {
            // Named by its place: conditional on the version it was read at.
            Step::AmendFunding(a, ..) | Step::AmendOutput(a, ..) | Step::RemoveOutput(a, ..) => {
                let command = path.rsplit_once(&ids.activities[a].to_string()).map_or("", |(_, c)| c);
                app.command_at_current_version(ids.activities[a], command.trim_start_matches('/'), &body)
                    .await
            }
            _ => app.command(&path, &body).await,
        };
        position = answer["position"].as_i64().expect("a position");
    }
    (ids, position)
}

/// The path and body of one step.
fn request(step: Step, ids: &Ids) -> (String, Value) {
    let activity = |a: usize, command: &str| format!("/api/v1/activities/{}/{command}", ids.activities[a]);
    match step {
        Step::Programme(p, name, area) => {
            let (id, code) = &ids.programmes[p];
            (
                "/api/v1/programmes".into(),
                json!({"id": id, "code": code, "name": name, "thematic_area": area}),
            )
        }
        Step::Contribution(p, donor, amount, currency, received_on) => (
            format!("/api/v1/programmes/{}/contributions", ids.programmes[p].0),
            json!({"donor": donor, "amount": amount, "currency": currency, "received_on": received_on}),
        ),
        Step::Plan(a, p, kind, countries, (start, end)) => (
            "/api/v1/activities".into(),
            json!({"id": ids.activities[a], "programme_id": ids.programmes[p].0, "kind": kind,
                   "title": format!("Activity {a}"), "countries": countries, "location": "Capital",
                   "planned_start": start, "planned_end": end}),
        ),
        Step::Deliver(a, (start, end)) => {
            (activity(a, "delivery"), json!({"start": start, "end": end, "mode": "in_person"}))
        }
        Step::Participants(a, [female, male, other], institutions, by_country) => {
            let by_institution: Option<Map<String, Value>> = (!institutions.is_empty())
                .then(|| institutions.iter().map(|(i, n)| ((*i).to_owned(), json!(n))).collect());
            let by_country: Option<Map<String, Value>> = by_country.map(|b| {
                b.iter()
                    .map(|(c, [f, m, o])| {
                        ((*c).to_owned(), json!({"female": f, "male": m, "other_or_undisclosed": o}))
                    })
                    .collect()
            });
            let body = json!({"female": female, "male": male, "other_or_undisclosed": other,
                              "by_institution": by_institution, "by_country": by_country});
            (activity(a, "participants"), body)
        }
        Step::Output(a, kind) => (activity(a, "outputs"), json!({"kind": kind, "description": "A result"})),
        Step::Fund(a, donor, amount, currency) => {
            (activity(a, "funding"), json!({"donor": donor, "amount": amount, "currency": currency}))
        }
        Step::Withdraw(a, donor) => {
            (activity(a, "funding/withdrawal"), json!({"donor": donor, "reason": "moved elsewhere"}))
        }
        Step::Cancel(a) => (activity(a, "cancellation"), json!({"reason": "venue unavailable"})),
        Step::Correct(a, change) => {
            let changes = match change {
                Change::Countries(countries) => json!({"countries": countries}),
                Change::Dates((start, end)) => json!({"planned_start": start, "planned_end": end}),
                Change::Programme(p) => json!({"programme_id": ids.programmes[p].0}),
                Change::Kind(kind) => json!({"kind": kind}),
            };
            (activity(a, "corrections"), json!({"reason": "recorded wrongly", "changes": changes}))
        }
        Step::Report(a) => (activity(a, "report"), json!({})),
        Step::AmendDelivery(a, (start, end)) => (
            activity(a, "delivery/amendment"),
            json!({"reason": "the sign-in sheet says otherwise", "start": start, "end": end, "mode": "in_person"}),
        ),
        Step::AmendParticipants(a, sexes, institutions, by_country) => {
            let (_, participants) = request(Step::Participants(a, sexes, institutions, by_country), ids);
            let body = json!({"reason": "counted twice", "participants": participants});
            (activity(a, "participants/amendment"), body)
        }
        Step::AmendFunding(a, line, donor, amount, currency) => (
            activity(a, "funding/amendment"),
            json!({"reason": "the wrong donor", "line": line, "donor": donor, "amount": amount, "currency": currency}),
        ),
        Step::AmendOutput(a, output, kind) => (
            activity(a, "outputs/amendment"),
            json!({"reason": "the wrong kind", "output": output, "kind": kind, "description": "A result"}),
        ),
        Step::RemoveOutput(a, output) => {
            (activity(a, "outputs/removal"), json!({"reason": "recorded twice", "output": output}))
        }
        Step::Void(a) => (activity(a, "voiding"), json!({"reason": "a duplicate"})),
    }
}

// ---------------------------------------------------------------------------------------------
// The model: the script folded into records, and the counting rules applied to them

#[derive(Debug, Default)]
struct Model {
    programmes: Vec<ProgrammeModel>,
    activities: Vec<ActivityModel>,
}

#[derive(Debug)]
struct ProgrammeModel {
    name: Text,
    area: Text,
    /// Donor, currency, minor units, received on.
    contributions: Vec<(Text, Text, i64, Text)>,
}

#[derive(Debug)]
struct ActivityModel {
    programme: usize,
    kind: Text,
    countries: &'static [Text],
    planned_start: Text,
    delivery_start: Option<Text>,
    status: Text,
    tally: Option<Tally>,
    outputs: Vec<Text>,
    /// Standing attributions: donor, currency, minor units.
    funding: Vec<(Text, Text, i64)>,
}

#[derive(Debug, Clone, Copy)]
struct Tally {
    sexes: Sexes,
    institutions: &'static [(Text, i64)],
    by_country: Option<&'static [(Text, Sexes)]>,
}

/// Whose activities a summary covers.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Country(Text),
    Programme(usize),
    Donor(Text),
}

impl Model {
    fn of(script: &[Step]) -> Self {
        let mut model = Self::default();
        for step in script {
            model.apply(*step);
        }
        model
    }

    fn apply(&mut self, step: Step) {
        match step {
            Step::Programme(p, name, area) => {
                assert_eq!(p, self.programmes.len(), "programmes are numbered in order");
                self.programmes.push(ProgrammeModel { name, area, contributions: Vec::new() });
            }
            Step::Contribution(p, donor, amount, currency, on) => {
                self.programmes[p].contributions.push((donor, currency, minor(amount, currency), on));
            }
            Step::Plan(a, programme, kind, countries, (planned_start, _)) => {
                assert_eq!(a, self.activities.len(), "activities are numbered in order");
                self.activities.push(ActivityModel {
                    programme,
                    kind,
                    countries,
                    planned_start,
                    delivery_start: None,
                    status: "planned",
                    tally: None,
                    outputs: Vec::new(),
                    funding: Vec::new(),
                });
            }
            Step::Deliver(a, (start, _)) => {
                self.activities[a].delivery_start = Some(start);
                self.activities[a].status = "delivered";
            }
            Step::Participants(a, sexes, institutions, by_country)
            | Step::AmendParticipants(a, sexes, institutions, by_country) => {
                self.activities[a].tally = Some(Tally { sexes, institutions, by_country });
            }
            Step::Output(a, kind) => self.activities[a].outputs.push(kind),
            Step::Fund(a, donor, amount, currency) => {
                self.activities[a].funding.push((donor, currency, minor(amount, currency)));
            }
            Step::Withdraw(a, donor) => self.activities[a].funding.retain(|f| f.0 != donor),
            Step::Cancel(a) => self.activities[a].status = "cancelled",
            Step::Report(a) => self.activities[a].status = "reported",
            Step::Void(a) => self.activities[a].status = "voided",
            Step::AmendDelivery(a, (start, _)) => self.activities[a].delivery_start = Some(start),
            Step::AmendFunding(a, line, donor, amount, currency) => {
                self.activities[a].funding[line] = (donor, currency, minor(amount, currency));
            }
            Step::AmendOutput(a, output, kind) => self.activities[a].outputs[output] = kind,
            Step::RemoveOutput(a, output) => {
                self.activities[a].outputs.remove(output);
            }
            Step::Correct(a, change) => {
                let activity = &mut self.activities[a];
                match change {
                    Change::Countries(countries) => activity.countries = countries,
                    Change::Dates((start, _)) => activity.planned_start = start,
                    Change::Programme(p) => activity.programme = p,
                    Change::Kind(kind) => activity.kind = kind,
                }
            }
        }
    }

    /// Every country, programme and donor the script touched.
    fn scopes(script: &[Step]) -> Vec<Scope> {
        let mut countries = BTreeSet::new();
        let mut donors = BTreeSet::new();
        let mut programmes = Vec::new();
        for step in script {
            match *step {
                Step::Programme(p, ..) => programmes.push(Scope::Programme(p)),
                Step::Plan(.., list, _) | Step::Correct(_, Change::Countries(list)) => countries.extend(list),
                Step::Fund(_, donor, ..)
                | Step::Contribution(_, donor, ..)
                | Step::AmendFunding(_, _, donor, ..) => {
                    donors.insert(donor);
                }
                _ => {}
            }
        }
        let countries = countries.into_iter().map(Scope::Country);
        countries.chain(programmes).chain(donors.into_iter().map(Scope::Donor)).collect()
    }

    /// The summary the API should answer, without `as_of_position`; with `kind`, of that kind's
    /// activities alone.
    fn summary(&self, ids: &Ids, scope: Scope, range: Range, kind: Option<Text>) -> Value {
        let members: Vec<&ActivityModel> = self
            .activities
            .iter()
            .filter(|a| a.in_scope(scope) && within(a.date(), range) && kind.is_none_or(|k| a.kind == k))
            .collect();
        let counted: Vec<&ActivityModel> = members.iter().copied().filter(|a| a.counts()).collect();
        let own_money = |donor: Text| !matches!(scope, Scope::Donor(d) if d != donor);
        let mut summary = json!({
            "from": range.0, "to": range.1,
            "activities": activity_counts(&members, scope),
            "participants": participants(&counted, scope),
            "outputs": sum_by_key(counted.iter().flat_map(|a| a.outputs.iter().map(|o| (*o, 1)))),
            "programmes": counted.iter().map(|a| &ids.programmes[a.programme].1).collect::<BTreeSet<_>>(),
            "funding": amounts(counted.iter().flat_map(|a| a.funding.iter().copied()).filter(|f| own_money(f.0))),
        });
        match scope {
            Scope::Country(country) => summary["country"] = json!(country),
            Scope::Programme(p) => {
                summary["programme_id"] = json!(ids.programmes[p].0);
                summary["code"] = json!(ids.programmes[p].1);
                summary["name"] = json!(self.programmes[p].name);
            }
            Scope::Donor(donor) => summary["donor"] = json!(donor),
        }
        if !matches!(scope, Scope::Country(_)) {
            let reached: BTreeSet<Text> = counted.iter().flat_map(|a| a.countries.iter().copied()).collect();
            summary["countries"] = json!(reached);
            if kind.is_some() {
                // Contributions belong to no activity, so no kind.
                return summary;
            }
            let received = self.programmes.iter().enumerate().filter(|(p, _)| match scope {
                Scope::Programme(q) => q == *p,
                _ => true,
            });
            let contributions = received
                .flat_map(|(_, programme)| programme.contributions.iter())
                .filter(|&&(donor, .., on)| own_money(donor) && within(on, range))
                .map(|&(donor, currency, amount, _)| (donor, currency, amount));
            summary["contributions"] = amounts(contributions);
        }
        summary
    }

    /// Ids of the activities `keep` selects, in (date, id) order.
    fn ids_where(&self, ids: &Ids, keep: Keep) -> Vec<String> {
        let mut rows: Vec<(Text, String)> = (self.activities.iter().zip(&ids.activities))
            .filter(|(a, _)| keep(a))
            .map(|(a, id)| (a.date(), id.to_string()))
            .collect();
        rows.sort();
        rows.into_iter().map(|(_, id)| id).collect()
    }
}

impl ActivityModel {
    /// Delivery start, else planned start.
    fn date(&self) -> Text {
        self.delivery_start.unwrap_or(self.planned_start)
    }

    fn counts(&self) -> bool {
        !["cancelled", "voided"].contains(&self.status)
    }

    fn funded_by(&self, donor: &str) -> bool {
        self.funding.iter().any(|f| f.0 == donor)
    }

    fn in_scope(&self, scope: Scope) -> bool {
        match scope {
            Scope::Country(country) => self.countries.contains(&country),
            Scope::Programme(p) => self.programme == p,
            Scope::Donor(donor) => self.funded_by(donor),
        }
    }
}

impl Tally {
    /// What one country of a `countries`-country activity gets: its people, the people no
    /// breakdown places, and whether the institution breakdown counts for it.
    fn share_of(self, country: Text, countries: usize) -> (Sexes, i64, bool) {
        let single = countries == 1;
        match self.by_country {
            None if single => (self.sexes, 0, true),
            breakdown => {
                let breakdown = breakdown.unwrap_or_default();
                let mine = breakdown.iter().find(|(c, _)| *c == country).map_or([0; 3], |(_, s)| *s);
                let attributed: i64 = breakdown.iter().flat_map(|(_, s)| s).sum();
                (mine, self.sexes.iter().sum::<i64>() - attributed, single)
            }
        }
    }
}

fn within(date: &str, (from, to): Range) -> bool {
    from.is_none_or(|from| date >= from) && to.is_none_or(|to| date <= to)
}

fn activity_counts(members: &[&ActivityModel], scope: Scope) -> Value {
    let mut by_status: BTreeMap<Text, i64> =
        ["planned", "delivered", "cancelled", "reported", "voided"].into_iter().map(|s| (s, 0)).collect();
    let mut by_kind: BTreeMap<Text, i64> = BTreeMap::new();
    let mut by_country_and_kind: BTreeMap<Text, BTreeMap<Text, i64>> = BTreeMap::new();
    for activity in members {
        *by_status.entry(activity.status).or_default() += 1;
        if activity.counts() {
            *by_kind.entry(activity.kind).or_default() += 1;
            // A country summary breaks down its own country only.
            let countries =
                activity.countries.iter().filter(|c| !matches!(scope, Scope::Country(own) if own != **c));
            for country in countries {
                *by_country_and_kind.entry(country).or_default().entry(activity.kind).or_default() += 1;
            }
        }
    }
    json!({"total": by_kind.values().sum::<i64>(), "by_kind": by_kind, "by_status": by_status,
           "by_country_and_kind": by_country_and_kind})
}

fn participants(counted: &[&ActivityModel], scope: Scope) -> Value {
    let (mut sexes, mut unattributed, mut institutions) = ([0_i64; 3], 0, Vec::new());
    for activity in counted {
        let Some(tally) = activity.tally else { continue };
        let (share, rest, with_institutions) = match scope {
            Scope::Country(country) => tally.share_of(country, activity.countries.len()),
            Scope::Programme(_) | Scope::Donor(_) => (tally.sexes, 0, true),
        };
        for (sum, n) in sexes.iter_mut().zip(share) {
            *sum += n;
        }
        unattributed += rest;
        if with_institutions {
            institutions.extend(tally.institutions.iter().copied());
        }
    }
    let [female, male, other] = sexes;
    json!({"female": female, "male": male, "other_or_undisclosed": other, "total": female + male + other,
           "unattributed": unattributed, "by_institution": sum_by_key(institutions)})
}

fn sum_by_key(counts: impl IntoIterator<Item = (Text, i64)>) -> BTreeMap<Text, i64> {
    let mut sums = BTreeMap::new();
    for (key, n) in counts {
        *sums.entry(key).or_default() += n;
    }
    sums
}

/// Sums per donor and currency, as the API shows them.
fn amounts(lines: impl IntoIterator<Item = (Text, Text, i64)>) -> Value {
    let mut sums: BTreeMap<(Text, Text), i64> = BTreeMap::new();
    for (donor, currency, amount) in lines {
        *sums.entry((donor, currency)).or_default() += amount;
    }
    let rows = sums.into_iter().map(|((donor, currency), amount)| {
        json!({"donor": donor, "currency": currency, "amount": decimal(amount, currency)})
    });
    Value::Array(rows.collect())
}

/// Decimal places of the currencies the script uses.
fn minor_digits(currency: &str) -> usize {
    if currency == "JPY" {
        0
    } else {
        2
    }
}

/// "75000.5" EUR -> 7500050.
fn minor(amount: &str, currency: &str) -> i64 {
    let digits = minor_digits(currency);
    let (whole, fraction) = amount.split_once('.').unwrap_or((amount, ""));
    format!("{whole}{fraction:0<digits$}").parse().expect("an amount of the script")
}

/// 7500050 EUR -> "75000.50".
fn decimal(minor: i64, currency: &str) -> String {
    match minor_digits(currency) {
        0 => minor.to_string(),
        _ => format!("{}.{:02}", minor / 100, minor % 100),
    }
}

// ---------------------------------------------------------------------------------------------
// The scenarios

/// Spawns a server and runs the script on it.
async fn scripted(backend: Backend) -> (TestApp, Model, Ids, i64) {
    let app = TestApp::spawn(backend).await;
    let script = script();
    let (ids, position) = run(&app, &script).await;
    (app, Model::of(&script), ids, position)
}

async fn summaries_match_figures_computed_from_the_script(backend: Backend) {
    // Arrange, Act
    let (app, model, ids, position) = scripted(backend).await;

    // Assert
    for scope in Model::scopes(&script()) {
        for range in RANGES {
            let expected = model.summary(&ids, scope, range, None);
            assert_summary(&app, &summary_path(&ids, scope), (range, None), position, &expected).await;
        }
        // Narrowed to a kind: one the script has in several countries, one it has once, one it lacks.
        for kind in ["workshop", "expert_group_meeting", "mentoring"] {
            for range in [RANGES[0], YEAR_2020] {
                let expected = model.summary(&ids, scope, range, Some(kind));
                let path = summary_path(&ids, scope);
                assert_summary(&app, &path, (range, Some(kind)), position, &expected).await;
            }
        }
    }
}

fn summary_path(ids: &Ids, scope: Scope) -> String {
    match scope {
        Scope::Country(country) => format!("/api/v1/countries/{country}/summary"),
        Scope::Programme(p) => format!("/api/v1/programmes/{}/summary", ids.programmes[p].0),
        Scope::Donor(donor) => format!("/api/v1/donors/{}/summary", donor.replace(' ', "%20")),
    }
}

async fn assert_summary(
    app: &TestApp,
    path: &str,
    (range, kind): (Range, Option<Text>),
    position: i64,
    expected: &Value,
) {
    let from = range.0.map(|d| format!("&from={d}")).unwrap_or_default();
    let to = range.1.map(|d| format!("&to={d}")).unwrap_or_default();
    let kind = kind.map(|k| format!("&kind={k}")).unwrap_or_default();
    let request = format!("{path}?min_position={position}{from}{to}{kind}");
    let mut actual = app.get_json(&request).await;
    let as_of = actual.as_object_mut().and_then(|fields| fields.remove("as_of_position"));
    assert!(as_of.and_then(|p| p.as_i64()) >= Some(position), "GET {request} is as of the script's end");
    for (key, value) in expected.as_object().expect("an object") {
        assert_eq!(&actual[key], value, "`{key}` of GET {request}");
    }
    assert_eq!(&actual, expected, "GET {request}");
}

async fn activity_list_filters_and_pages_stably(backend: Backend) {
    // Arrange
    let (app, model, ids, position) = scripted(backend).await;

    // Act, Assert: each filter
    for (query, keep) in list_filters(&ids) {
        let page =
            app.get_json(&format!("/api/v1/activities?{query}&limit=500&min_position={position}")).await;
        assert_eq!(item_ids(&page), model.ids_where(&ids, keep), "GET /api/v1/activities?{query}");
        assert!(page["next_cursor"].is_null(), "one page holds all: {}", page["next_cursor"]);
    }

    // Act, Assert: pages of three, and of one so a page ends between two activities of a day
    let all = model.ids_where(&ids, |_| true);
    for limit in [3, 1] {
        assert_pages(&app, limit, &all, position).await;
    }

    assert_bad_filters_refused(&app).await;
}

/// Pages through every activity, `limit` at a time, following `next_cursor`.
async fn assert_pages(app: &TestApp, limit: usize, all: &[String], position: i64) {
    let (mut seen, mut cursor, mut pages) = (Vec::new(), String::new(), 0);
    loop {
        let query = format!("limit={limit}&min_position={position}{cursor}");
        let page = app.get_json(&format!("/api/v1/activities?{query}")).await;
        let items = item_ids(&page);
        assert!(items.len() <= limit, "?{query} answered {} items", items.len());
        seen.extend(items);
        pages += 1;
        let Some(next) = page["next_cursor"].as_str() else { break };
        cursor = format!("&cursor={next}");
        assert!(pages <= all.len(), "paging ends");
    }
    assert_eq!(seen, all, "limit {limit}: every activity once, by date then id");
    assert_eq!(pages, all.len().div_ceil(limit), "limit {limit}: no empty last page");
}

/// Which activities a filter of the list should select.
type Keep = fn(&ActivityModel) -> bool;

/// Queries of the activity list, each with the activities it should select.
fn list_filters(ids: &Ids) -> Vec<(String, Keep)> {
    fn case(query: impl Into<String>, keep: Keep) -> (String, Keep) {
        (query.into(), keep)
    }
    vec![
        case("country=KEN", |a| a.countries.contains(&"KEN")),
        case("country=UGA", |a| a.countries.contains(&"UGA")),
        case("country=sen", |a| a.countries.contains(&"SEN")),
        case("country=NGA", |a| a.countries.contains(&"NGA")),
        case("country=MLI", |_| false),
        case(format!("programme={}", ids.programmes[0].0), |a| a.programme == 0),
        case(format!("programme={}", ids.programmes[2].1), |a| a.programme == 2),
        case("programme=PNOSUCHCODE", |_| false),
        case("kind=workshop", |a| a.kind == "workshop"),
        case("kind=training", |a| a.kind == "training"),
        case("status=planned", |a| a.status == "planned"),
        case("status=cancelled", |a| a.status == "cancelled"),
        case("status=reported", |a| a.status == "reported"),
        case("status=voided", |a| a.status == "voided"),
        case("donor=European%20Union", |a| a.funded_by(EU)),
        case("donor=Japan", |a| a.funded_by(JAPAN)),
        case("donor=Norway", |_| false),
        case("from=2020-01-01&to=2020-12-31", |a| within(a.date(), YEAR_2020)),
        case("from=2020-09-14", |a| a.date() >= "2020-09-14"),
        case("to=2020-01-13", |a| a.date() <= "2020-01-13"),
        case("country=TZA&status=delivered&from=2020-01-01", |a| {
            a.countries.contains(&"TZA") && a.status == "delivered" && a.date() >= "2020-01-01"
        }),
    ]
}

fn item_ids(page: &Value) -> Vec<String> {
    let items = page["items"].as_array().expect("items");
    items.iter().map(|item| item["id"].as_str().expect("an id").to_owned()).collect()
}

async fn assert_bad_filters_refused(app: &TestApp) {
    let bad = [
        ("country=XXX", "country"),
        ("kind=dance", "kind"),
        ("status=done", "status"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("from=2019-13-01", "from"),
        ("cursor=garbage", "cursor"),
        ("from=2020-02-01&to=2020-01-31", "to"),
        ("foo=1", "foo"),
    ];
    for (query, field) in bad {
        let response = app.get(&format!("/api/v1/activities?{query}")).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
        assert_eq!(problem["field"], field, "?{query}: {problem}");
    }
}

async fn lists_of_countries_programmes_and_donors(backend: Backend) {
    // Arrange
    let (app, model, ids, position) = scripted(backend).await;
    let counted = model.activities.iter().filter(|a| a.counts());
    let countries = sum_by_key(counted.flat_map(|a| a.countries.iter().map(|c| (*c, 1))));
    let mut programmes: Vec<Value> = (model.programmes.iter().zip(&ids.programmes))
        .map(|(p, (id, code))| json!({"id": id, "code": code, "name": p.name, "thematic_area": p.area}))
        .collect();
    programmes.sort_by_key(|p| p["code"].as_str().map(ToOwned::to_owned));
    let funders = model.activities.iter().flat_map(|a| a.funding.iter().map(|f| f.0));
    let contributors = model.programmes.iter().flat_map(|p| p.contributions.iter().map(|c| c.0));
    let donors: BTreeSet<Text> = funders.chain(contributors).collect();

    // Act
    let countries_list = app.get_json(&format!("/api/v1/countries?min_position={position}")).await;
    let programmes_list = app.get_json(&format!("/api/v1/programmes?min_position={position}")).await;
    let donors_list = app.get_json(&format!("/api/v1/donors?min_position={position}")).await;

    // Assert
    let countries: Vec<Value> =
        countries.iter().map(|(c, n)| json!({"country": c, "activities": n})).collect();
    assert_eq!(countries_list, json!(countries));
    assert_eq!(programmes_list, json!(programmes));
    assert_eq!(donors_list, json!(donors.iter().map(|d| json!({"donor": d})).collect::<Vec<_>>()));
}

/// The map's figures: activities per country over each range (whole months from the summary
/// cells, the days around them from the detail tables), for everyone and for each donor.
async fn countries_in_a_date_range_as_each_caller_sees_them(backend: Backend) {
    // Arrange
    let (app, model, _, position) = scripted(backend).await;
    let donors: BTreeSet<Text> =
        model.activities.iter().flat_map(|a| a.funding.iter().map(|f| f.0)).collect();
    let mut callers = vec![(None, app.token.clone())];
    for donor in &donors {
        let name = format!("donor-{}", donor.replace(' ', "-").to_lowercase());
        let token = app.issue_token(&json!({"name": name, "role": "donor", "scope": {"donor": donor}})).await;
        callers.push((Some(*donor), token));
    }

    for (donor, token) in callers {
        for range in RANGES {
            // Act
            let from = range.0.map(|d| format!("&from={d}")).unwrap_or_default();
            let to = range.1.map(|d| format!("&to={d}")).unwrap_or_default();
            let path = format!("/api/v1/countries?min_position={position}{from}{to}");
            let response = app.request_as(Some(&token), reqwest::Method::GET, &path, None).await;
            assert_eq!(response.status(), StatusCode::OK, "GET {path}");
            let listed: Value = response.json().await.expect("a JSON list");

            // Assert
            let seen = model.activities.iter().filter(|a| a.counts() && within(a.date(), range));
            let seen = seen.filter(|a| donor.is_none_or(|d| a.funded_by(d)));
            let expected = sum_by_key(seen.flat_map(|a| a.countries.iter().map(|c| (*c, 1))));
            let expected: Vec<Value> =
                expected.iter().map(|(c, n)| json!({"country": c, "activities": n})).collect();
            assert_eq!(listed, json!(expected), "GET {path} as {donor:?}");
        }
    }
}

async fn unknown_donor_summary_is_404(backend: Backend) {
    // Arrange
    let (app, _, _, position) = scripted(backend).await;

    for donor in ["Atlantis", "european%20union", "Japan%20"] {
        // Act
        let response = app.get(&format!("/api/v1/donors/{donor}/summary?min_position={position}")).await;

        // Assert
        let problem = assert_problem(response, StatusCode::NOT_FOUND, "/problems/not-found").await;
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("donor")), "{donor}: {problem}");
    }
    let known =
        app.get(&format!("/api/v1/donors/Norway/summary?from=2030-01-01&min_position={position}")).await;
    assert_eq!(known.status(), StatusCode::OK, "a known donor with nothing in the range");
}

async fn projection_status_reports_no_lag_after_catch_up(backend: Backend) {
    // Arrange
    let (app, _, _, position) = scripted(backend).await;

    // Act
    app.get_json(&format!("/api/v1/activities?min_position={position}")).await;
    let status = app.get_json("/api/v1/projections/status").await;

    // Assert
    assert!(status["head"].as_i64() >= Some(position), "{status}");
    assert_eq!(status["checkpoint"], status["head"], "{status}");
    assert_eq!(status["lag"], 0, "{status}");
}

//! The model: the script folded into records, and the counting rules applied to them, so the
//! scenarios compare every summary and list with figures computed without the server.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::requests::Ids;
use super::script::{Change, Range, Sexes, Step, Text};

pub(super) mod figures;

/// Which activities a filter of the list should select.
pub(super) type Keep = fn(&ActivityModel) -> bool;

#[derive(Debug, Default)]
pub(super) struct Model {
    pub(super) programmes: Vec<ProgrammeModel>,
    pub(super) activities: Vec<ActivityModel>,
}

#[derive(Debug)]
pub(super) struct ProgrammeModel {
    pub(super) name: Text,
    pub(super) area: Text,
    /// Donor, currency, minor units, received on.
    pub(super) contributions: Vec<(Text, Text, i64, Text)>,
}

#[derive(Debug)]
pub(super) struct ActivityModel {
    pub(super) programme: usize,
    pub(super) kind: Text,
    pub(super) countries: &'static [Text],
    planned_start: Text,
    delivery_start: Option<Text>,
    pub(super) status: Text,
    tally: Option<Tally>,
    outputs: Vec<Text>,
    /// Standing attributions: donor, currency, minor units.
    pub(super) funding: Vec<(Text, Text, i64)>,
}

#[derive(Debug, Clone, Copy)]
struct Tally {
    sexes: Sexes,
    institutions: &'static [(Text, i64)],
    by_country: Option<&'static [(Text, Sexes)]>,
}

/// Whose activities a summary covers.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope {
    Country(Text),
    Programme(usize),
    Donor(Text),
}

impl Model {
    pub(super) fn of(script: &[Step]) -> Self {
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
    pub(super) fn scopes(script: &[Step]) -> Vec<Scope> {
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
    pub(super) fn summary(&self, ids: &Ids, scope: Scope, range: Range, kind: Option<Text>) -> Value {
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
    pub(super) fn ids_where(&self, ids: &Ids, keep: Keep) -> Vec<String> {
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
    pub(super) fn date(&self) -> Text {
        self.delivery_start.unwrap_or(self.planned_start)
    }

    pub(super) fn counts(&self) -> bool {
        !["cancelled", "voided"].contains(&self.status)
    }

    pub(super) fn funded_by(&self, donor: &str) -> bool {
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

pub(super) fn within(date: &str, (from, to): Range) -> bool {
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

pub(super) fn sum_by_key(counts: impl IntoIterator<Item = (Text, i64)>) -> BTreeMap<Text, i64> {
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

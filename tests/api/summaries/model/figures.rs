//! The figures of a summary as a dashboard links them, and the activities the model puts behind
//! each, with what each adds: what the list's `figure` filter must answer.

use serde_json::{json, Value};

use super::super::requests::Ids;
use super::super::script::{Range, Text};
use super::{decimal, minor, within, ActivityModel, Model, Scope};

/// A figure of a summary, as a dashboard links it to the activities behind it; its words are
/// borrowed from the summary it came from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Figure<'s> {
    /// Activities that count, of one kind or all.
    Activities(Option<&'s str>),
    /// Participants in all.
    Participants,
    /// Participants of one sex: 0 female, 1 male, 2 other or undisclosed.
    Sex(usize),
    /// A country's participants no breakdown places.
    Unattributed,
    Institution(&'s str),
    /// Outputs of one kind or all.
    Output(Option<&'s str>),
    /// One donor's funding in one currency.
    Funding(&'s str, &'s str),
}

impl Figure<'_> {
    /// The list's query for the figure of `scope`'s summary, beside the scope's own filter.
    pub(crate) fn query(self, scope: Scope) -> String {
        match self {
            Self::Activities(None) => "figure=activities".into(),
            Self::Activities(Some(kind)) => format!("figure=activities&kind={kind}"),
            Self::Participants => "figure=participants".into(),
            Self::Sex(sex) => format!("figure={}", ["female", "male", "other_or_undisclosed"][sex]),
            Self::Unattributed => "figure=unattributed".into(),
            Self::Institution(i) => format!("figure=institution&institution={i}"),
            Self::Output(None) => "figure=output".into(),
            Self::Output(Some(kind)) => format!("figure=output&output={kind}"),
            // A donor's summary has its own funding alone, and its filter names the donor.
            Self::Funding(_, currency) if matches!(scope, Scope::Donor(_)) => {
                format!("figure=funding&currency={currency}")
            }
            Self::Funding(donor, currency) => {
                format!("figure=funding&donor={}&currency={currency}", donor.replace(' ', "%20"))
            }
        }
    }

    /// The figure as the sum of its activities' parts, in minor units for funding; a count of
    /// activities is how many there are.
    pub(crate) fn add_up(self, parts: &[Option<String>]) -> i64 {
        match self {
            Self::Activities(_) => i64::try_from(parts.len()).expect("a few activities"),
            Self::Funding(_, currency) => parts.iter().flatten().map(|p| minor(p, currency)).sum(),
            _ => parts.iter().flatten().map(|p| p.parse::<i64>().expect("a whole number")).sum(),
        }
    }

    /// The figure's value as the summary shows it, in the units of [`Self::add_up`].
    pub(crate) fn value(self, shown: &Value) -> i64 {
        match (self, shown.as_str()) {
            (Self::Funding(_, currency), Some(amount)) => minor(amount, currency),
            _ => shown.as_i64().expect("a count"),
        }
    }
}

impl Model {
    /// The activities behind `figure` of `scope`'s summary over `range`, in (date, id) order,
    /// each with what it adds to the figure (none for a count of activities).
    pub(crate) fn behind(
        &self,
        ids: &Ids,
        (scope, range): (Scope, Range),
        figure: Figure<'_>,
    ) -> Vec<(String, Option<String>)> {
        let mut rows: Vec<(Text, String, Option<String>)> = Vec::new();
        for (activity, id) in self.activities.iter().zip(&ids.activities) {
            if !(activity.in_scope(scope) && within(activity.date(), range) && activity.counts()) {
                continue;
            }
            if let Some(part) = activity.part_of(scope, figure) {
                // The list gives no part for a count of activities.
                let part = (!matches!(figure, Figure::Activities(_))).then_some(part);
                rows.push((activity.date(), id.to_string(), part));
            }
        }
        rows.sort();
        rows.into_iter().map(|(_, id, part)| (id, part)).collect()
    }
}

impl ActivityModel {
    /// What the activity adds to `figure` of `scope` (1 to a count of activities); `None` when
    /// nothing, as it is not behind the figure.
    fn part_of(&self, scope: Scope, figure: Figure<'_>) -> Option<String> {
        let share = self.tally.map(|tally| match scope {
            Scope::Country(country) => tally.share_of(country, self.countries.len()),
            Scope::Programme(_) | Scope::Donor(_) => (tally.sexes, 0, true),
        });
        let (sexes, unattributed, with_institutions) = share.unwrap_or(([0; 3], 0, false));
        let count = |n: i64| (n > 0).then(|| n.to_string());
        match figure {
            Figure::Activities(kind) => count(i64::from(kind.is_none_or(|k| self.kind == k))),
            Figure::Participants => count(sexes.iter().sum()),
            Figure::Sex(sex) => count(sexes[sex]),
            Figure::Unattributed => count(unattributed),
            Figure::Institution(institution) => {
                let institutions = self.tally.map(|t| t.institutions).unwrap_or_default();
                let n = institutions.iter().filter(|(i, _)| *i == institution).map(|(_, n)| n).sum();
                count(if with_institutions { n } else { 0 })
            }
            Figure::Output(kind) => {
                let n = self.outputs.iter().filter(|o| kind.is_none_or(|k| **o == k)).count();
                count(i64::try_from(n).expect("a few outputs"))
            }
            Figure::Funding(donor, currency) => {
                let lines: Vec<i64> =
                    self.funding.iter().filter(|f| f.0 == donor && f.1 == currency).map(|f| f.2).collect();
                (!lines.is_empty()).then(|| decimal(lines.iter().sum(), currency))
            }
        }
    }
}

/// Every figure of `summary` (the API's, for `scope`) a dashboard links, with the value it
/// shows.
pub(crate) fn figures_of(summary: &Value, scope: Scope) -> Vec<(Figure<'_>, Value)> {
    fn entries(v: &Value) -> Vec<(&str, Value)> {
        v.as_object().into_iter().flatten().map(|(k, v)| (k.as_str(), v.clone())).collect()
    }
    let (a, p) = (&summary["activities"], &summary["participants"]);
    let mut figures = vec![
        (Figure::Activities(None), a["total"].clone()),
        (Figure::Participants, p["total"].clone()),
        (Figure::Sex(0), p["female"].clone()),
        (Figure::Sex(1), p["male"].clone()),
        (Figure::Sex(2), p["other_or_undisclosed"].clone()),
    ];
    if matches!(scope, Scope::Country(_)) {
        figures.push((Figure::Unattributed, p["unattributed"].clone()));
    }
    figures.extend(entries(&a["by_kind"]).into_iter().map(|(k, n)| (Figure::Activities(Some(k)), n)));
    figures.extend(entries(&p["by_institution"]).into_iter().map(|(k, n)| (Figure::Institution(k), n)));
    let outputs = entries(&summary["outputs"]);
    let all: i64 = outputs.iter().filter_map(|(_, n)| n.as_i64()).sum();
    figures.push((Figure::Output(None), json!(all)));
    figures.extend(outputs.into_iter().map(|(k, n)| (Figure::Output(Some(k)), n)));
    for line in summary["funding"].as_array().into_iter().flatten() {
        let field = |name: &str| line[name].as_str().unwrap_or_default();
        figures.push((Figure::Funding(field("donor"), field("currency")), line["amount"].clone()));
    }
    figures
}

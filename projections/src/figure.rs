//! The figures of a summary as filters of the activity list: which activities are behind a
//! figure (a dashboard's link) and what each adds to it, in SQL on `rm_activities a`.

use crate::placeholders::id_list;

/// A figure of a summary, as the activities behind it: those that count (neither cancelled nor
/// voided, [`crate::facts::COUNTED`]) and add something to it, by the counting rules of [`crate::facts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// The activities themselves (a total, a kind's or a month's count).
    Activities,
    /// Participants of one sex; with a country, as the country counts them.
    People(People),
    /// Participants from one institution; with a country, of activities held in it alone.
    Institution(String),
    /// Outputs: of one kind, or of every kind.
    Output(Option<String>),
    /// Funding in one currency from the donor the filter names (its `donor` names).
    Funding { currency: String },
}

/// A column of participants, as `rm_activities` and `rm_activity_countries` hold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum People {
    /// Every participant (female, male and other or undisclosed).
    All,
    Female,
    Male,
    Other,
    /// A country's participants of regional activities no breakdown assigns to a country (only
    /// a country's rows hold them).
    Unattributed,
}

impl People {
    /// The participants of row `alias` (of `rm_activities` or `rm_activity_countries`).
    fn of(self, alias: &str) -> String {
        match self {
            Self::All => format!("({alias}.female + {alias}.male + {alias}.other)"),
            Self::Female => format!("{alias}.female"),
            Self::Male => format!("{alias}.male"),
            Self::Other => format!("{alias}.other"),
            Self::Unattributed => format!("{alias}.unattributed"),
        }
    }
}

impl Figure {
    /// The condition a country's row `alias` meets for its activity to be behind the figure
    /// (the country's share of participants), as `AND ...`; empty for other figures.
    pub(crate) fn on_country_row(&self, alias: &str) -> String {
        match self {
            Self::People(people) => format!(" AND {} > 0", people.of(alias)),
            _ => String::new(),
        }
    }
}

/// What an activity that counts must have to be behind `figure`, beyond the country's share
/// (see [`Figure::on_country_row`]).
pub(crate) fn condition(
    figure: &Figure,
    (country, donors): (Option<&str>, &[String]),
    param: &mut impl FnMut(String) -> String,
) -> Option<String> {
    let (table, alias, condition) = match figure {
        Figure::People(people) if country.is_none() => {
            return Some(format!("{} > 0", people.of("a")));
        }
        // A country's share of participants narrows its rows (`on_country_row`).
        Figure::Activities | Figure::People(_) => return None,
        Figure::Institution(institution) => {
            let p = param(institution.clone());
            // A country's institution figures count the activities held in it alone.
            let alone = if country.is_some() { " AND a.country_count = 1" } else { "" };
            ("rm_activity_institutions", "i", format!("i.institution = {p} AND i.participants > 0){alone}"))
        }
        Figure::Output(kind) => {
            let of_kind = kind.as_ref().map(|kind| format!("o.kind = {} AND ", param(kind.clone())));
            ("rm_activity_outputs", "o", format!("{}o.outputs > 0)", of_kind.unwrap_or_default()))
        }
        Figure::Funding { currency } => {
            let p = param(currency.clone());
            let names = id_list(donors, param);
            ("rm_activity_funding", "f", format!("f.currency = {p} AND f.donor IN ({names}))"))
        }
    };
    Some(format!(
        "EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.generation = a.generation \
         AND {alias}.activity_id = a.activity_id AND {condition}"
    ))
}

/// What each activity adds to `figure`, as an expression on `rm_activities a` (NULL without a
/// figure); funding as the list of its stored amounts, which the list adds up.
pub(crate) fn part(
    figure: Option<&Figure>,
    (country, donors): (Option<&str>, &[String]),
    param: &mut impl FnMut(String) -> String,
) -> String {
    let row = |table: &str, alias: &str, value: &str, condition: String| {
        format!(
            "(SELECT {value} FROM {table} {alias} WHERE {alias}.generation = a.generation \
             AND {alias}.activity_id = a.activity_id AND {condition})"
        )
    };
    match figure {
        None | Some(Figure::Activities) => "NULL".to_owned(),
        Some(Figure::People(people)) => match country {
            Some(country) => {
                let p = param(country.to_owned());
                row("rm_activity_countries", "c2", &people.of("c2"), format!("c2.country = {p}"))
            }
            None => people.of("a"),
        },
        Some(Figure::Institution(institution)) => {
            let p = param(institution.clone());
            row("rm_activity_institutions", "i2", "i2.participants", format!("i2.institution = {p}"))
        }
        Some(Figure::Output(Some(kind))) => {
            let p = param(kind.clone());
            row("rm_activity_outputs", "o2", "o2.outputs", format!("o2.kind = {p}"))
        }
        Some(Figure::Output(None)) => row("rm_activity_outputs", "o2", "SUM(o2.outputs)", "1 = 1".to_owned()),
        Some(Figure::Funding { currency }) => {
            let p = param(currency.clone());
            let names = id_list(donors, param);
            row(
                "rm_activity_funding",
                "f2",
                "string_agg(f2.amount_minor, ',')",
                format!("f2.currency = {p} AND f2.donor IN ({names})"),
            )
        }
    }
}

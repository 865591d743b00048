//! The script the summary scenarios run: three programmes, twelve activities and their
//! funding, deliveries, tallies, corrections, amendments and voidings, as steps named by index;
//! and the date ranges the summaries are read over.

pub(super) type Text = &'static str;
/// Female, male, other or undisclosed.
pub(super) type Sexes = [i64; 3];
/// A start and an end date.
type Span = (Text, Text);
/// `from` and `to`, each optional.
pub(super) type Range = (Option<Text>, Option<Text>);

/// One command of the script. Programmes and activities are named by their index.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
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
pub(super) enum Change {
    Countries(&'static [Text]),
    Dates(Span),
    Programme(usize),
    Kind(Text),
}

pub(super) const EU: Text = "European Union";
pub(super) const JAPAN: Text = "Japan";
const US: Text = "United States";
const NORWAY: Text = "Norway";
/// Leaves out the activities of 2019 and 2021.
pub(super) const YEAR_2020: Range = (Some("2020-01-01"), Some("2020-12-31"));
/// Every date (the all-time cells), a whole year (its year cells), whole months with the open
/// years after or before them (month and year cells), ranges with partial months at either
/// end (cells plus the detail tables), whole years with whole and partial months around them,
/// and a range inside one month (the detail tables alone).
pub(super) const RANGES: [Range; 9] = [
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
pub(super) fn script() -> Vec<Step> {
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

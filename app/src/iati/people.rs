//! The people an activity trained, as an IATI 2.03 `result` of type output: one indicator
//! (measure unit) whose actual for the activity's dates is the number of distinct people on its
//! attendance list, with a `dimension` per sex and per age band counting five people or more.
//!
//! Nothing about a person is published, only counts; a count of 1 to 4 people is never
//! published, whether as the total (no result at all) or as a dimension.

use std::io;

use chrono::NaiveDate;
use quick_xml::Writer;
use tatrack_i18n::msg;
use tatrack_projections::trained::{Trained, SMALLEST_SHOWN};

use super::codes;
use super::results::period;
use super::text::narratives;

/// The cells published as `dimension`s: `(name, value, count)` of five people or more, sex
/// first (female, male, other or undisclosed), then age bands in their order.
pub fn dimensions(trained: &Trained) -> Vec<(&'static str, String, i64)> {
    let sexes = [
        ("female", trained.female),
        ("male", trained.male),
        ("other_or_undisclosed", trained.other_or_undisclosed),
    ];
    let mut cells: Vec<(&'static str, String, i64)> =
        sexes.into_iter().map(|(sex, n)| ("sex", sex.to_owned(), n)).collect();
    let bands = tatrack_domain::vocabulary::AgeBand::ALL.iter().map(|band| band.as_str());
    cells.extend(
        bands.map(|band| ("age", band.to_owned(), trained.by_age_band.get(band).copied().unwrap_or(0))),
    );
    cells.retain(|(_, _, n)| *n >= SMALLEST_SHOWN);
    cells
}

/// The `result` element for an activity held over `dates` (its delivery's, else its planned
/// ones), when it has a list of five people or more.
pub fn write(
    w: &mut Writer<Vec<u8>>,
    (start, end): (NaiveDate, NaiveDate),
    trained: Option<&Trained>,
) -> io::Result<()> {
    let Some(trained) = trained.filter(|t| t.distinct >= SMALLEST_SHOWN) else { return Ok(()) };
    let (start, end, actual) = (start.to_string(), end.to_string(), trained.distinct.to_string());
    let title = msg("iati-people-trained");
    w.create_element("result")
        .with_attributes([("type", codes::RESULT_OUTPUT), ("aggregation-status", "1")])
        .write_inner_content(|w| {
            w.create_element("title").write_inner_content(|w| narratives(w, &title))?;
            w.create_element("description")
                .write_inner_content(|w| narratives(w, &msg("iati-people-trained-description")))?;
            w.create_element("indicator")
                .with_attributes([("measure", codes::MEASURE_UNIT), ("ascending", "1")])
                .write_inner_content(|w| {
                    w.create_element("title").write_inner_content(|w| narratives(w, &title))?;
                    period(w, (&start, &end), |w| {
                        w.create_element("actual")
                            .with_attribute(("value", actual.as_str()))
                            .write_inner_content(|w| {
                                for (name, value, _) in dimensions(trained) {
                                    w.create_element("dimension")
                                        .with_attributes([("name", name), ("value", value.as_str())])
                                        .write_empty()?;
                                }
                                Ok(())
                            })?;
                        Ok(())
                    })
                })?;
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trained(female: i64, male: i64, bands: &[(&str, i64)]) -> Trained {
        let mut by_age_band: std::collections::BTreeMap<String, i64> =
            tatrack_domain::vocabulary::AgeBand::ALL.iter().map(|b| (b.as_str().to_owned(), 0)).collect();
        for (band, n) in bands {
            by_age_band.insert((*band).to_owned(), *n);
        }
        Trained { distinct: female + male, female, male, by_age_band, ..Trained::default() }
    }

    #[test]
    fn only_cells_of_five_or_more_become_dimensions() {
        let t = trained(6, 4, &[("25_34", 5), ("35_44", 3), ("65_and_over", 2)]);
        assert_eq!(dimensions(&t), vec![("sex", "female".to_owned(), 6), ("age", "25_34".to_owned(), 5)]);
    }

    #[test]
    fn a_list_of_fewer_than_five_people_publishes_no_result() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).expect("a date");
        let written = |t: &Trained| {
            let mut w = Writer::new(Vec::new());
            write(&mut w, (day(2), day(6)), Some(t)).expect("a write to memory");
            String::from_utf8(w.into_inner()).expect("UTF-8")
        };
        assert_eq!(written(&trained(2, 2, &[])), "");
        let xml = written(&trained(5, 1, &[("18_24", 6)]));
        assert!(xml.contains("<actual value=\"6\"><dimension name=\"sex\" value=\"female\"/><dimension name=\"age\" value=\"18_24\"/></actual>"), "{xml}");
        assert!(xml.contains("<period-start iso-date=\"2026-03-02\"/>"), "{xml}");
        assert!(xml.contains("xml:lang=\"fr\""), "{xml}");
    }
}

//! IATI 2.03 activity XML: the activity list, as the caller may see it, published in the
//! International Aid Transparency Initiative's format.
//!
//! - [`IatiSettings`] (here): who publishes (`TATRACK_IATI_ORG_REF`, name, type) and the
//!   per-programme sector overrides (`TATRACK_IATI_SECTORS`), checked once at start-up.
//! - [`codes`]: every mapping from tatrack's words to IATI codelists (status, dates, roles,
//!   sectors by thematic area, countries, country shares), written down in one place.
//! - [`document`]: one `iati-activity` element written with `quick-xml`, which escapes every
//!   text and attribute.
//! - [`export`]: the document streamed page by page from the activity list's own query and
//!   scope rules, for the route and for `tatrack iati export` alike.
//! - [`selection`]: which activities a document holds: the list's filters within the scope.
//! - [`results`]: a programme's results framework as `result` elements of its activities;
//!   [`people`]: the distinct people an activity trained, by sex and age band, as a `result`.
//! - [`text`]: the one way text enters a document (escaped; no character XML 1.0 forbids).

pub mod codes;
pub mod dac5;
pub mod document;
pub mod export;
pub mod people;
pub mod results;
pub mod selection;
pub mod text;

use std::collections::BTreeMap;

use tatrack_domain::bounds::is_refused_in_text;

/// The reporting organisation `serve --demo` publishes as when none is configured: a
/// placeholder no IATI registry knows, so a demo document is never mistaken for a real one.
pub const DEMO_ORG_REF: &str = "XX-TATRACK-DEMO";

/// The organisation type reported when none is configured: 40, multilateral, as the
/// organisations tatrack was made for (UN agencies delivering technical assistance) are.
pub const DEFAULT_ORG_TYPE: &str = "40";

/// Who publishes the document, and which DAC sector each programme reports under when its
/// thematic area's default does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IatiSettings {
    /// The reporting organisation's IATI organisation identifier (e.g. `AA-AAA-123456789`); every
    /// activity identifier starts with it. `None`: the server was not told, and IATI export
    /// answers 409 `iati-not-configured` rather than invent one.
    pub org_ref: Option<String>,
    /// The organisation's name as `reporting-org` shows it; the identifier when not given.
    pub org_name: Option<String>,
    /// Its code in IATI's `OrganisationType` codelist.
    pub org_type: String,
    /// Programme code -> DAC 5-digit purpose code, overriding the thematic area's default.
    pub sectors: BTreeMap<String, u32>,
}

/// Nothing configured: no publisher, the default organisation type, no sector overrides.
impl Default for IatiSettings {
    fn default() -> Self {
        Self {
            org_ref: None,
            org_name: None,
            org_type: DEFAULT_ORG_TYPE.to_owned(),
            sectors: BTreeMap::new(),
        }
    }
}

/// A setting that cannot be used, named by the variable that holds it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IatiSettingsError {
    #[error(
        "TATRACK_IATI_ORG_REF '{0}' is not an IATI organisation identifier: use letters, digits, \
         '-', '_', '.' and ':' only (e.g. AA-AAA-123456789)"
    )]
    OrgRef(String),
    #[error("TATRACK_IATI_ORG_NAME must not be empty or hold control characters or noncharacters")]
    OrgName,
    #[error("TATRACK_IATI_ORG_TYPE '{0}' is not in IATI's OrganisationType codelist ({list})", list = codes::ORGANISATION_TYPES.join(", "))]
    OrgType(String),
    #[error("TATRACK_IATI_SECTORS entry '{0}' is not PROGRAMME_CODE=DAC_CODE (e.g. GLOU40=15113)")]
    SectorEntry(String),
    #[error("TATRACK_IATI_SECTORS: '{0}' is not a DAC 5-digit purpose code in use (OECD DAC CRS)")]
    SectorCode(String),
    #[error("TATRACK_IATI_SECTORS names programme '{0}' twice")]
    SectorTwice(String),
}

impl IatiSettings {
    /// Checks each setting; `sectors` are `PROGRAMME_CODE=DAC_CODE` entries.
    pub fn parse(
        org_ref: Option<&str>,
        org_name: Option<&str>,
        org_type: Option<&str>,
        sectors: &[String],
    ) -> Result<Self, IatiSettingsError> {
        let org_ref = org_ref.map(str::trim).filter(|r| !r.is_empty()).map(check_org_ref).transpose()?;
        let org_name = org_name
            .map(|name| {
                let name = name.trim();
                // No control character at all (a name is one line), nor what the text rule refuses.
                if name.is_empty() || name.chars().any(|c| c.is_control() || is_refused_in_text(c)) {
                    Err(IatiSettingsError::OrgName)
                } else {
                    Ok(name.to_owned())
                }
            })
            .transpose()?;
        let org_type = org_type.map_or(DEFAULT_ORG_TYPE, str::trim);
        if !codes::ORGANISATION_TYPES.contains(&org_type) {
            return Err(IatiSettingsError::OrgType(org_type.to_owned()));
        }
        let mut by_programme = BTreeMap::new();
        for entry in sectors.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let (programme, code) =
                entry.split_once('=').ok_or_else(|| IatiSettingsError::SectorEntry(entry.to_owned()))?;
            let (programme, code) = (programme.trim(), code.trim());
            if programme.is_empty() {
                return Err(IatiSettingsError::SectorEntry(entry.to_owned()));
            }
            let dac = code
                .parse::<u32>()
                .ok()
                .filter(|c| dac5::is_purpose_code(*c))
                .ok_or_else(|| IatiSettingsError::SectorCode(code.to_owned()))?;
            if by_programme.insert(programme.to_owned(), dac).is_some() {
                return Err(IatiSettingsError::SectorTwice(programme.to_owned()));
            }
        }
        Ok(Self { org_ref, org_name, org_type: org_type.to_owned(), sectors: by_programme })
    }

    /// The same, with the demo's placeholder identifier when none is configured.
    #[must_use]
    pub fn or_demo(mut self) -> Self {
        if self.org_ref.is_none() {
            self.org_ref = Some(DEMO_ORG_REF.to_owned());
            self.org_name.get_or_insert_with(|| "tatrack demo (not a real IATI publisher)".to_owned());
        }
        self
    }

    /// The reporting organisation, if one is configured.
    pub fn publisher(&self) -> Option<Publisher> {
        let org_ref = self.org_ref.clone()?;
        Some(Publisher {
            name: self.org_name.clone().unwrap_or_else(|| org_ref.clone()),
            org_ref,
            org_type: self.org_type.clone(),
            sectors: self.sectors.clone(),
        })
    }
}

/// A configured reporting organisation: everything a document needs besides the activities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    pub org_ref: String,
    pub name: String,
    pub org_type: String,
    pub sectors: BTreeMap<String, u32>,
}

/// IATI's identifier rules: no white space, none of `/ & | ?`; we keep to the characters
/// organisation registries actually issue.
fn check_org_ref(org_ref: &str) -> Result<String, IatiSettingsError> {
    let valid = org_ref.len() <= 100
        && org_ref.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if valid {
        Ok(org_ref.to_owned())
    } else {
        Err(IatiSettingsError::OrgRef(org_ref.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_once() {
        let parsed = IatiSettings::parse(Some(" AA-AAA-123456789 "), None, None, &["GLOU40=15113".into()]);
        let settings = parsed.expect("valid settings");
        assert_eq!(settings.org_ref.as_deref(), Some("AA-AAA-123456789"));
        assert_eq!(settings.org_type, DEFAULT_ORG_TYPE);
        assert_eq!(settings.sectors.get("GLOU40"), Some(&15113));
        let publisher = settings.publisher().expect("a publisher");
        assert_eq!(publisher.name, "AA-AAA-123456789");
    }

    #[test]
    fn bad_settings_name_their_fault() {
        let parse = |r: Option<&str>, t: Option<&str>, s: &[&str]| {
            IatiSettings::parse(r, None, t, &s.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(parse(Some("XM DAC"), None, &[]), Err(IatiSettingsError::OrgRef("XM DAC".into())));
        assert_eq!(parse(Some("XM/1"), None, &[]), Err(IatiSettingsError::OrgRef("XM/1".into())));
        assert_eq!(parse(None, Some("41"), &[]), Err(IatiSettingsError::OrgType("41".into())));
        assert_eq!(parse(None, None, &["GLOU40"]), Err(IatiSettingsError::SectorEntry("GLOU40".into())));
        assert_eq!(parse(None, None, &["=15113"]), Err(IatiSettingsError::SectorEntry("=15113".into())));
        assert_eq!(parse(None, None, &["A=99999"]), Err(IatiSettingsError::SectorCode("99999".into())));
        assert_eq!(parse(None, None, &["A=151"]), Err(IatiSettingsError::SectorCode("151".into())));
        assert_eq!(
            parse(None, None, &["A=15113", "A=15130"]),
            Err(IatiSettingsError::SectorTwice("A".into()))
        );
        assert_eq!(IatiSettings::parse(None, Some(" "), None, &[]), Err(IatiSettingsError::OrgName));
        for name in ["UN\u{1}ODC", "UNODC\u{FFFE}", "UN\u{FDD0}ODC"] {
            assert_eq!(
                IatiSettings::parse(None, Some(name), None, &[]),
                Err(IatiSettingsError::OrgName),
                "{name:?}"
            );
        }
    }

    #[test]
    fn no_org_ref_means_no_publisher_except_in_the_demo() {
        let settings = IatiSettings::parse(Some(""), None, None, &[]).expect("valid settings");
        assert_eq!(settings.publisher(), None);
        let demo = settings.or_demo().publisher().expect("the demo publishes");
        assert_eq!(demo.org_ref, DEMO_ORG_REF);
    }
}

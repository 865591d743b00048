//! The `Organisation` aggregate: a donor or partner, with its IATI organisation identifier and
//! the other names it goes by.
//!
//! Funding was recorded with free-text donors before organisations existed ("EU" beside
//! "European Union"). Those events are never rewritten: readers resolve a recorded name to the
//! organisation whose canonical name or alias it is (see `tatrack_projections::organisations`).
//! That a name belongs to one organisation only spans streams, so the API claims every name
//! (and the IATI identifier) in the transaction that appends the registration or correction;
//! [`OrganisationDetails::claims`] lists them. Names compare as [`crate::names`] says: a name
//! claims its key and what it looks like, so a look-alike of another organisation's name is
//! refused like the name itself.

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use tatrack_i18n::{msg, Message};

use crate::bounds::{check_text, ControlCharacter};
use crate::events::organisation::OrganisationCorrected;
use crate::events::{OrganisationDetails, OrganisationEvent};
use crate::names::{display_form, invisible_character, look_keys, name_key};
use crate::values::{CountryCode, IatiOrgId, NonEmptyText, OrganisationId};
use crate::vocabulary::OrganisationType;

/// Serializes as the request body it came from (for the text rule, `check_text`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OrganisationCommand {
    Register(RegisterOrganisation),
    Correct(CorrectOrganisation),
}

/// Registers an organisation. The id is the client's; its names and IATI identifier must be
/// no other organisation's (the API checks that, since it spans organisations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterOrganisation {
    pub id: OrganisationId,
    pub name: NonEmptyText,
    #[serde(default)]
    pub iati_identifier: Option<IatiOrgId>,
    pub organisation_type: OrganisationType,
    #[serde(default)]
    pub country: Option<CountryCode>,
    /// Other names it goes by, such as "EU" for "European Union".
    #[serde(default)]
    pub aliases: Vec<NonEmptyText>,
}

/// Corrects an organisation's details, with a reason. A field left out stays as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CorrectOrganisation {
    pub reason: NonEmptyText,
    pub changes: OrganisationChanges,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganisationChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<NonEmptyText>,
    /// `null` clears the identifier; absent leaves it as it is.
    #[serde(default, deserialize_with = "crate::values::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<IatiOrgId>))]
    pub iati_identifier: Option<Option<IatiOrgId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_type: Option<OrganisationType>,
    /// `null` clears the country; absent leaves it as it is.
    #[serde(default, deserialize_with = "crate::values::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CountryCode>))]
    pub country: Option<Option<CountryCode>>,
    /// The whole new list of aliases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<NonEmptyText>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationError {
    #[error("no organisation has been registered under this id")]
    NotRegistered,
    #[error("an organisation with this id is already registered")]
    AlreadyRegistered,
    #[error("'{0}' is given twice among the organisation's name and aliases (spelling aside)")]
    NameRepeated(String),
    /// A name holding a character that shows nothing (`crate::names::invisible_character`);
    /// `field` is its path in the request body, such as `aliases[1]`.
    #[error("`{field}` holds an invisible character ({code_point}): a name may not hide one")]
    InvisibleCharacter { field: String, code_point: String },
    #[error("the correction changes nothing")]
    NothingChanged,
    #[error("{0}")]
    Text(#[from] ControlCharacter),
}

impl OrganisationError {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        match self {
            Self::NotRegistered => msg("problem-organisation-not-registered"),
            Self::AlreadyRegistered => msg("problem-organisation-already-registered"),
            Self::NameRepeated(name) => msg("problem-name-repeated").with("name", name.as_str()),
            Self::InvisibleCharacter { field, code_point } => msg("problem-invisible-character")
                .with("field", field.as_str())
                .with("code_point", code_point.as_str()),
            Self::NothingChanged => msg("problem-nothing-changed"),
            Self::Text(text) => text.message(),
        }
    }
}

/// What a name claims across organisations: its key, and what it looks like.
pub fn name_claims(name: &str) -> Vec<String> {
    std::iter::once(format!("name:{}", name_key(name)))
        .chain(look_keys(name).into_iter().map(|look| format!("look:{look}")))
        .collect()
}

impl OrganisationDetails {
    /// What the organisation claims across organisations, in the transaction that records it:
    /// each name's claims ([`name_claims`]) and its IATI identifier, each once.
    pub fn claims(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        let names = self.names().flat_map(|name| name_claims(name.as_str()));
        names
            .chain(self.iati_identifier.iter().map(|id| format!("iati:{}", id.as_str())))
            .filter(|claim| seen.insert(claim.clone()))
            .collect()
    }

    fn check_names(&self) -> Result<(), OrganisationError> {
        let mut seen = HashSet::new();
        for name in self.names() {
            if !seen.insert(name_key(name.as_str())) {
                return Err(OrganisationError::NameRepeated(name.to_string()));
            }
        }
        Ok(())
    }
}

/// `name` as it is recorded ([`display_form`]), unless it holds an invisible character; `field`
/// is its path in the request body.
fn recorded_name(field: String, name: NonEmptyText) -> Result<NonEmptyText, OrganisationError> {
    if let Some(c) = invisible_character(name.as_str()) {
        return Err(OrganisationError::InvisibleCharacter {
            field,
            code_point: format!("U+{:04X}", u32::from(c)),
        });
    }
    // The display form of a name with something visible in it still has something visible.
    Ok(NonEmptyText::parse(&display_form(name.as_str())).unwrap_or(name))
}

fn recorded_aliases(field: &str, aliases: Vec<NonEmptyText>) -> Result<Vec<NonEmptyText>, OrganisationError> {
    aliases
        .into_iter()
        .enumerate()
        .map(|(at, alias)| recorded_name(format!("{field}[{at}]"), alias))
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    details: Option<OrganisationDetails>,
}

impl Organisation {
    pub fn details(&self) -> Option<&OrganisationDetails> {
        self.details.as_ref()
    }

    /// The events `command` causes in the current state, or the rule it breaks.
    pub fn decide(&self, command: OrganisationCommand) -> Result<Vec<OrganisationEvent>, OrganisationError> {
        check_text(&command)?;
        match (&self.details, command) {
            (Some(_), OrganisationCommand::Register(_)) => Err(OrganisationError::AlreadyRegistered),
            (None, OrganisationCommand::Correct(_)) => Err(OrganisationError::NotRegistered),
            (None, OrganisationCommand::Register(register)) => {
                let details = OrganisationDetails {
                    name: recorded_name("name".to_owned(), register.name)?,
                    iati_identifier: register.iati_identifier,
                    organisation_type: register.organisation_type,
                    country: register.country,
                    aliases: recorded_aliases("aliases", register.aliases)?,
                };
                details.check_names()?;
                Ok(vec![OrganisationEvent::OrganisationRegistered(details)])
            }
            (Some(current), OrganisationCommand::Correct(correct)) => {
                let mut changes = correct.changes;
                // Only the names the correction gives obey today's rules: names recorded before
                // a rule existed stay as they are.
                changes.name =
                    changes.name.map(|name| recorded_name("changes.name".to_owned(), name)).transpose()?;
                changes.aliases = changes
                    .aliases
                    .map(|aliases| recorded_aliases("changes.aliases", aliases))
                    .transpose()?;
                // Funding recorded under the former name keeps counting as this organisation's:
                // a rename keeps that name as an alias, unless the correction lists the aliases.
                let keeps_former_name = changes.aliases.is_none()
                    && changes
                        .name
                        .as_ref()
                        .is_some_and(|name| name_key(name.as_str()) != name_key(current.name.as_str()));
                let mut details = OrganisationDetails {
                    name: changes.name.unwrap_or_else(|| current.name.clone()),
                    iati_identifier: changes
                        .iati_identifier
                        .unwrap_or_else(|| current.iati_identifier.clone()),
                    organisation_type: changes.organisation_type.unwrap_or(current.organisation_type),
                    country: changes.country.unwrap_or_else(|| current.country.clone()),
                    aliases: changes.aliases.unwrap_or_else(|| current.aliases.clone()),
                };
                if keeps_former_name {
                    details.aliases.push(current.name.clone());
                }
                if &details == current {
                    return Err(OrganisationError::NothingChanged);
                }
                details.check_names()?;
                Ok(vec![OrganisationEvent::OrganisationCorrected(OrganisationCorrected {
                    reason: correct.reason,
                    details,
                })])
            }
        }
    }
}

crate::aggregate!(Organisation {
    TYPE: "Organisation",
    Command: OrganisationCommand,
    Event: OrganisationEvent,
    Error: OrganisationError
});

impl Organisation {
    /// Folds `event` into the state: cqrs-es's `Aggregate::apply`.
    fn evolve(&mut self, event: OrganisationEvent) {
        match event {
            OrganisationEvent::OrganisationRegistered(details) => {
                // `decide` never registers twice; a repeated registration changes nothing.
                if self.details.is_none() {
                    self.details = Some(details);
                }
            }
            OrganisationEvent::OrganisationCorrected(corrected) => {
                if self.details.is_some() {
                    self.details = Some(corrected.details);
                }
            }
        }
    }
}

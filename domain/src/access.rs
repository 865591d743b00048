//! Who may do what when people sign in with their organisation's identity provider.
//!
//! - The `Person` aggregate: a person is who their provider says (issuer and subject, for good);
//!   their name and e-mail are recorded again whenever a sign-in brings new ones, so the log says
//!   what they were called when they acted.
//! - The `Grant` aggregate: a role and a scope given to one person or to everyone whose sign-in
//!   carries a claim value (a group), with a reason; revoked with a reason. A first sign-in has
//!   no grant, so no rights.
//! - [`rights`]: what a person's grants add up to.

use serde::{Deserialize, Serialize};
use tatrack_i18n::{msg, Message};

use crate::bounds::{check_text, ControlCharacter};
pub use crate::events::access::Grantee;
use crate::events::access::{AccessGranted, AccessRevoked, LanguageChosen, PersonRecorded};
use crate::events::{GrantEvent, PersonEvent};
use crate::token::{Role, TokenScope};
use crate::values::NonEmptyText;
use crate::vocabulary::SpokenLanguage;

/// The longest issuer, subject, claim name or value taken, in characters (`OpenID` Connect caps a
/// subject at 255 ASCII characters).
pub const IDENTIFIER_MAX_CHARS: usize = 255;

/// Records who signed in, as the provider described them this time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordPerson {
    pub issuer: String,
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
}

/// What happens to a person: a sign-in describes them, or they choose their language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PersonCommand {
    Record(RecordPerson),
    ChooseLanguage(SpokenLanguage),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error("`{0}` must be 1 to 255 characters")]
    BadIdentifier(&'static str),
    #[error("a grant with this id already exists")]
    AlreadyGranted,
    #[error("no grant has this id")]
    NotGranted,
    #[error("the grant is already revoked")]
    AlreadyRevoked,
    #[error("an adviser's grant needs at least one country or programme in its scope")]
    AdviserWithoutScope,
    #[error("a donor's grant names the organisation (or donor) it reads for")]
    DonorWithoutName,
    #[error("{0}")]
    Text(#[from] ControlCharacter),
}

impl AccessError {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        match self {
            Self::BadIdentifier(field) => msg("problem-bad-identifier").with("field", *field),
            Self::AlreadyGranted => msg("problem-already-granted"),
            Self::NotGranted => msg("problem-not-granted"),
            Self::AlreadyRevoked => msg("problem-grant-already-revoked"),
            Self::AdviserWithoutScope => msg("problem-adviser-grant-without-scope"),
            Self::DonorWithoutName => msg("problem-donor-grant-without-name"),
            Self::Text(text) => text.message(),
        }
    }
}

fn check_identifier(field: &'static str, text: &str) -> Result<(), AccessError> {
    let chars = text.chars().count();
    if chars == 0 || chars > IDENTIFIER_MAX_CHARS || text.trim() != text {
        return Err(AccessError::BadIdentifier(field));
    }
    Ok(())
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    recorded: Option<PersonRecorded>,
    /// The language they last chose; `None` until they choose one.
    #[serde(default)]
    language: Option<SpokenLanguage>,
}

impl Person {
    /// What the person was last recorded as.
    pub fn recorded(&self) -> Option<&PersonRecorded> {
        self.recorded.as_ref()
    }

    /// The language they last chose.
    pub fn language(&self) -> Option<SpokenLanguage> {
        self.language
    }

    pub fn decide(&self, command: PersonCommand) -> Result<Vec<PersonEvent>, AccessError> {
        match command {
            PersonCommand::Record(record) => self.record(record),
            // Only someone who signed in chooses; the same choice again records nothing.
            PersonCommand::ChooseLanguage(_) if self.recorded.is_none() => {
                Err(AccessError::BadIdentifier("subject"))
            }
            PersonCommand::ChooseLanguage(language) if self.language == Some(language) => Ok(Vec::new()),
            PersonCommand::ChooseLanguage(language) => {
                Ok(vec![PersonEvent::LanguageChosen(LanguageChosen { language })])
            }
        }
    }

    /// A sign-in records the person when they are new or their name or e-mail changed; the
    /// same description again records nothing.
    fn record(&self, command: RecordPerson) -> Result<Vec<PersonEvent>, AccessError> {
        check_text(&command)?;
        check_identifier("issuer", &command.issuer)?;
        check_identifier("subject", &command.subject)?;
        let name = command.name.trim();
        let name = if name.is_empty() { command.subject.clone() } else { name.chars().take(200).collect() };
        let recorded = PersonRecorded {
            issuer: command.issuer,
            subject: command.subject,
            name,
            email: command.email.filter(|e| !e.trim().is_empty()).map(|e| e.chars().take(254).collect()),
        };
        if self.recorded.as_ref() == Some(&recorded) {
            return Ok(Vec::new());
        }
        Ok(vec![PersonEvent::PersonRecorded(recorded)])
    }

    fn evolve(&mut self, event: PersonEvent) {
        match event {
            PersonEvent::PersonRecorded(recorded) => self.recorded = Some(recorded),
            PersonEvent::LanguageChosen(chosen) => self.language = Some(chosen.language),
        }
    }
}

crate::aggregate!(Person { TYPE: "Person", Command: PersonCommand, Event: PersonEvent, Error: AccessError });

/// Gives a person, or everyone whose sign-in carries a claim value, a role and a scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantAccess {
    pub grantee: Grantee,
    pub role: Role,
    #[serde(default)]
    pub scope: TokenScope,
    /// Why the rights are given, for the audit trail.
    pub reason: NonEmptyText,
}

/// Takes a grant's rights back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevokeAccess {
    pub reason: NonEmptyText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum GrantCommand {
    Grant(GrantAccess),
    Revoke(RevokeAccess),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Grant {
    granted: Option<AccessGranted>,
    revoked: bool,
}

impl Grant {
    pub fn granted(&self) -> Option<&AccessGranted> {
        self.granted.as_ref()
    }

    pub fn revoked(&self) -> bool {
        self.revoked
    }

    pub fn decide(&self, command: GrantCommand) -> Result<Vec<GrantEvent>, AccessError> {
        check_text(&command)?;
        match (&self.granted, command) {
            (Some(_), GrantCommand::Grant(_)) => Err(AccessError::AlreadyGranted),
            (None, GrantCommand::Revoke(_)) => Err(AccessError::NotGranted),
            (Some(_), GrantCommand::Revoke(_)) if self.revoked => Err(AccessError::AlreadyRevoked),
            (Some(_), GrantCommand::Revoke(revoke)) => {
                Ok(vec![GrantEvent::AccessRevoked(AccessRevoked { reason: revoke.reason })])
            }
            (None, GrantCommand::Grant(grant)) => {
                match &grant.grantee {
                    Grantee::Person { issuer, subject } => {
                        check_identifier("grantee.issuer", issuer)?;
                        check_identifier("grantee.subject", subject)?;
                    }
                    Grantee::Claim { claim, value } => {
                        check_identifier("grantee.claim", claim)?;
                        check_identifier("grantee.value", value)?;
                    }
                }
                let scope = &grant.scope;
                if grant.role == Role::Adviser && scope.countries.is_empty() && scope.programmes.is_empty() {
                    return Err(AccessError::AdviserWithoutScope);
                }
                if grant.role == Role::Donor && scope.donor.is_none() && scope.organisation.is_none() {
                    return Err(AccessError::DonorWithoutName);
                }
                Ok(vec![GrantEvent::AccessGranted(AccessGranted {
                    grantee: grant.grantee,
                    role: grant.role,
                    scope: grant.scope.into(),
                    reason: grant.reason,
                })])
            }
        }
    }

    fn evolve(&mut self, event: GrantEvent) {
        match event {
            GrantEvent::AccessGranted(granted) => self.granted = Some(granted),
            GrantEvent::AccessRevoked(_) => self.revoked = true,
        }
    }
}

crate::aggregate!(Grant { TYPE: "Grant", Command: GrantCommand, Event: GrantEvent, Error: AccessError });

/// How much a role may do, to choose among a person's grants: an admin's rights include a
/// manager's, a manager reads what an adviser and a donor read, an adviser records.
fn rank(role: Role) -> u8 {
    match role {
        Role::Donor => 0,
        Role::Adviser => 1,
        Role::Manager => 2,
        Role::Admin => 3,
    }
}

/// What a person's standing grants (oldest first) add up to: the role that may do most, and
/// the scope of that role's grants. Scopes unite only where the union is exactly what the
/// grants give: when they share their countries (the programmes add up) or their programmes
/// (the countries add up). Otherwise, and for donors of different organisations, the oldest
/// grant of the role alone counts, so that no mix of grants gives more than one of them does.
/// `None` without a grant: a person nobody granted anything has no rights.
pub fn rights(grants: &[(Role, TokenScope)]) -> Option<(Role, TokenScope)> {
    let role = grants.iter().map(|(role, _)| *role).max_by_key(|role| rank(*role))?;
    let mut of_role = grants.iter().filter(|(r, _)| *r == role).map(|(_, scope)| scope);
    let mut scope = of_role.next()?.clone();
    for other in of_role {
        let same_donor = other.donor == scope.donor && other.organisation == scope.organisation;
        if !same_donor {
            continue;
        }
        if other.countries == scope.countries {
            unite(&mut scope.programmes, &other.programmes);
        } else if other.programmes == scope.programmes {
            unite(&mut scope.countries, &other.countries);
        }
    }
    Some((role, scope))
}

/// `mine` and `theirs` together, where an empty list stands for "no limit".
fn unite<T: Clone + PartialEq>(mine: &mut Vec<T>, theirs: &[T]) {
    if mine.is_empty() || theirs.is_empty() {
        mine.clear();
        return;
    }
    for item in theirs {
        if !mine.contains(item) {
            mine.push(item.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{CountryCode, ProgrammeCode};

    fn scope(countries: &[&str], programmes: &[&str]) -> TokenScope {
        TokenScope {
            countries: countries.iter().map(|c| CountryCode::parse(c).expect("a country")).collect(),
            programmes: programmes.iter().map(|p| ProgrammeCode::parse(p).expect("a code")).collect(),
            ..TokenScope::default()
        }
    }

    #[test]
    fn rights_add_up_only_where_the_union_is_exact() {
        let bol = scope(&["BOL"], &[]);
        let per_x = scope(&["PER"], &["GLOX"]);
        let bol_y = scope(&["BOL"], &["GLOY"]);
        let cases = [
            // No grant, no rights.
            (vec![], None),
            // The role that may do most wins.
            (
                vec![(Role::Adviser, bol.clone()), (Role::Manager, TokenScope::default())],
                Some((Role::Manager, TokenScope::default())),
            ),
            // Same programmes: the countries add up.
            (
                vec![(Role::Adviser, bol.clone()), (Role::Adviser, scope(&["PER"], &[]))],
                Some((Role::Adviser, scope(&["BOL", "PER"], &[]))),
            ),
            // Same countries: the programmes add up, and "any programme" stays any.
            (
                vec![(Role::Adviser, bol_y.clone()), (Role::Adviser, scope(&["BOL"], &["GLOX"]))],
                Some((Role::Adviser, scope(&["BOL"], &["GLOY", "GLOX"]))),
            ),
            (
                vec![(Role::Adviser, bol.clone()), (Role::Adviser, bol_y.clone())],
                Some((Role::Adviser, bol.clone())),
            ),
            // Both differ: (BOL, GLOY) and (PER, GLOX) would give (BOL, GLOX) too: the oldest alone.
            (vec![(Role::Adviser, bol_y.clone()), (Role::Adviser, per_x)], Some((Role::Adviser, bol_y))),
        ];
        for (grants, expected) in cases {
            assert_eq!(rights(&grants), expected, "{grants:?}");
        }
    }

    #[test]
    fn a_person_is_recorded_again_only_when_the_provider_says_something_new() {
        let sign_in = |name: &str| RecordPerson {
            issuer: "https://id.example.org".into(),
            subject: "248289761001".into(),
            name: name.into(),
            email: Some("amina@example.org".into()),
        };
        let mut person = Person::default();
        let first = person.decide(PersonCommand::Record(sign_in("Amina Kone"))).expect("recorded");
        assert_eq!(first.len(), 1);
        for event in first {
            person.evolve(event);
        }
        assert_eq!(person.decide(PersonCommand::Record(sign_in("Amina Kone"))), Ok(Vec::new()));
        assert_eq!(person.decide(PersonCommand::Record(sign_in("Amina Koné"))).map(|e| e.len()), Ok(1));
        let nameless = RecordPerson { name: "  ".into(), ..sign_in("") };
        let named = Person::default().decide(PersonCommand::Record(nameless)).expect("recorded");
        assert!(matches!(&named[0], PersonEvent::PersonRecorded(p) if p.name == "248289761001"));
        let blank = RecordPerson { subject: String::new(), ..sign_in("x") };
        assert_eq!(
            Person::default().decide(PersonCommand::Record(blank)),
            Err(AccessError::BadIdentifier("subject"))
        );
    }

    #[test]
    fn a_person_who_signed_in_chooses_a_language_and_a_new_choice_supersedes_it() {
        let choose = PersonCommand::ChooseLanguage;
        assert_eq!(
            Person::default().decide(choose(SpokenLanguage::French)),
            Err(AccessError::BadIdentifier("subject")),
            "nobody signed in under this stream"
        );
        let mut person = Person::default();
        let sign_in = RecordPerson {
            issuer: "https://id.example.org".into(),
            subject: "248289761001".into(),
            name: "Amina Kone".into(),
            email: None,
        };
        for event in person.decide(PersonCommand::Record(sign_in)).expect("recorded") {
            person.evolve(event);
        }
        let chosen = person.decide(choose(SpokenLanguage::French)).expect("chosen");
        assert_eq!(
            chosen,
            [PersonEvent::LanguageChosen(LanguageChosen { language: SpokenLanguage::French })]
        );
        for event in chosen {
            person.evolve(event);
        }
        assert_eq!(person.language(), Some(SpokenLanguage::French));
        assert_eq!(person.decide(choose(SpokenLanguage::French)), Ok(Vec::new()), "nothing new");
        assert_eq!(person.decide(choose(SpokenLanguage::Spanish)).map(|e| e.len()), Ok(1));
    }

    #[test]
    fn a_grant_is_given_once_and_revoked_once() {
        let reason = NonEmptyText::parse("joined the Bolivia team").expect("text");
        let grant = GrantAccess {
            grantee: Grantee::Claim { claim: "groups".into(), value: "tatrack-advisers-bol".into() },
            role: Role::Adviser,
            scope: scope(&["BOL"], &[]),
            reason: reason.clone(),
        };
        let mut state = Grant::default();
        for event in state.decide(GrantCommand::Grant(grant.clone())).expect("granted") {
            state.evolve(event);
        }
        assert_eq!(state.decide(GrantCommand::Grant(grant.clone())), Err(AccessError::AlreadyGranted));
        let revoke = GrantCommand::Revoke(RevokeAccess { reason });
        for event in state.decide(revoke.clone()).expect("revoked") {
            state.evolve(event);
        }
        assert_eq!(state.decide(revoke), Err(AccessError::AlreadyRevoked));
        let unscoped = GrantAccess { scope: TokenScope::default(), ..grant };
        assert_eq!(
            Grant::default().decide(GrantCommand::Grant(unscoped)),
            Err(AccessError::AdviserWithoutScope)
        );
    }
}

//! The closed lists of the field: kinds of activity, delivery modes, institutions, outputs,
//! thematic areas, organisation types, and the roles a token's holder plays. Each serializes as
//! its `snake_case` name, the same word the API uses.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $word)] $variant),+ }

        // The derive would document the variant names, not the words the API takes.
        #[cfg(feature = "openapi")]
        $crate::schema::schema_by!(
            $name,
            $crate::schema::one_of(stringify!($name), [$($word),+].map(String::from))
        );

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The `snake_case` word used in JSON, URLs and storage.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }
        }
    };
}

vocabulary!(
    /// What kind of technical assistance an activity is.
    ActivityKind {
        Training = "training",
        Workshop = "workshop",
        LegislativeAssistance = "legislative_assistance",
        PreAccessionSupport = "pre_accession_support",
        AssessmentMission = "assessment_mission",
        ExpertGroupMeeting = "expert_group_meeting",
        Mentoring = "mentoring",
        JointOperationSupport = "joint_operation_support",
        ELearning = "e_learning",
        Publication = "publication",
    }
);

vocabulary!(
    /// How an activity was delivered.
    DeliveryMode { InPerson = "in_person", Online = "online", Hybrid = "hybrid" }
);

vocabulary!(
    /// Where participants work, for the breakdown donors ask for.
    Institution {
        Police = "police",
        Prosecutors = "prosecutors",
        Judges = "judges",
        Customs = "customs",
        BorderGuards = "border_guards",
        FinancialIntelligence = "financial_intelligence",
        CivilSociety = "civil_society",
        Government = "government",
        Legislators = "legislators",
        Academia = "academia",
        PrivateSector = "private_sector",
        Other = "other",
    }
);

vocabulary!(
    /// A lasting result an activity contributed to.
    OutputKind {
        LawDrafted = "law_drafted",
        LawAmended = "law_amended",
        StrategyAdopted = "strategy_adopted",
        AccessionDeposited = "accession_deposited",
        ManualPublished = "manual_published",
        NetworkEstablished = "network_established",
        Other = "other",
    }
);

vocabulary!(
    /// The field of crime prevention a programme works in.
    ThematicArea {
        OrganizedCrime = "organized_crime",
        TraffickingInPersons = "trafficking_in_persons",
        SmugglingOfMigrants = "smuggling_of_migrants",
        Firearms = "firearms",
        Corruption = "corruption",
        MoneyLaundering = "money_laundering",
        Cybercrime = "cybercrime",
        TerrorismPrevention = "terrorism_prevention",
        Drugs = "drugs",
        CrimePrevention = "crime_prevention",
        WildlifeAndForestCrime = "wildlife_and_forest_crime",
    }
);

vocabulary!(
    /// What kind of body an organisation is: the IATI `OrganisationType` codelist, by name (its
    /// numeric code is [`OrganisationType::iati_code`]).
    OrganisationType {
        Government = "government",
        LocalGovernment = "local_government",
        OtherPublicSector = "other_public_sector",
        InternationalNgo = "international_ngo",
        NationalNgo = "national_ngo",
        RegionalNgo = "regional_ngo",
        PartnerCountryNgo = "partner_country_ngo",
        PublicPrivatePartnership = "public_private_partnership",
        Multilateral = "multilateral",
        Foundation = "foundation",
        PrivateSector = "private_sector",
        PrivateSectorInProviderCountry = "private_sector_in_provider_country",
        PrivateSectorInAidRecipientCountry = "private_sector_in_aid_recipient_country",
        PrivateSectorInThirdCountry = "private_sector_in_third_country",
        Academic = "academic",
        Other = "other",
    }
);

impl OrganisationType {
    /// The code of the IATI `OrganisationType` codelist (2.03), as IATI documents write it.
    pub fn iati_code(self) -> &'static str {
        match self {
            Self::Government => "10",
            Self::LocalGovernment => "11",
            Self::OtherPublicSector => "15",
            Self::InternationalNgo => "21",
            Self::NationalNgo => "22",
            Self::RegionalNgo => "23",
            Self::PartnerCountryNgo => "24",
            Self::PublicPrivatePartnership => "30",
            Self::Multilateral => "40",
            Self::Foundation => "60",
            Self::PrivateSector => "70",
            Self::PrivateSectorInProviderCountry => "71",
            Self::PrivateSectorInAidRecipientCountry => "72",
            Self::PrivateSectorInThirdCountry => "73",
            Self::Academic => "80",
            Self::Other => "90",
        }
    }
}

// Written out rather than through `vocabulary!`: its OpenAPI schema is derived, with each
// role's documentation (and its doc comment is the schema's description).
/// What a token's holder does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Records activities in the countries and programmes of its scope.
    Adviser,
    /// Reads what one donor funds.
    Donor,
    /// Reads everything, audits.
    Manager,
    /// Manages tokens and programmes; may do everything.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Adviser => "adviser",
            Self::Donor => "donor",
            Self::Manager => "manager",
            Self::Admin => "admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_json_words() {
        for kind in ActivityKind::ALL {
            assert_eq!(serde_json::to_value(kind).ok(), Some(kind.as_str().into()));
        }
        assert_eq!(ActivityKind::PreAccessionSupport.as_str(), "pre_accession_support");
        assert_eq!(ActivityKind::ELearning.as_str(), "e_learning");
    }
}

vocabulary!(
    /// A language tatrack answers in (problems, file headers, the web app's words), remembered
    /// for a person or a token: its BCP 47 code.
    SpokenLanguage { English = "en", French = "fr", Spanish = "es" }
);

vocabulary!(
    /// A participant's sex, as they gave it.
    Sex { Female = "female", Male = "male", OtherOrUndisclosed = "other_or_undisclosed" }
);

vocabulary!(
    /// A participant's age band.
    AgeBand {
        Under18 = "under_18",
        From18To24 = "18_24",
        From25To34 = "25_34",
        From35To44 = "35_44",
        From45To54 = "45_54",
        From55To64 = "55_64",
        From65 = "65_and_over",
        NotGiven = "not_given",
    }
);

vocabulary!(
    /// An answer to one question of the Washington Group short set.
    Difficulty {
        NoDifficulty = "no_difficulty",
        SomeDifficulty = "some_difficulty",
        ALotOfDifficulty = "a_lot_of_difficulty",
        CannotDoAtAll = "cannot_do_at_all",
    }
);

impl Difficulty {
    /// The Washington Group's cut-off: "a lot of difficulty" or "cannot do at all".
    pub fn is_disability(self) -> bool {
        matches!(self, Self::ALotOfDifficulty | Self::CannotDoAtAll)
    }
}

vocabulary!(
    /// Why a participant's identifying data was erased: the GDPR's grounds (article 17), by name,
    /// so that the erasure event holds no free text.
    ErasureGround {
        SubjectRequest = "subject_request",
        ConsentWithdrawn = "consent_withdrawn",
        NoLongerNeeded = "no_longer_needed",
        Unlawful = "unlawful",
        LegalObligation = "legal_obligation",
    }
);

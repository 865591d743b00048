//! Every problem `type` the API answers with, in one closed list: clients match on these URIs,
//! so a new one is added here, with its slug, and nowhere else.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemType {
    // 400, 401, 403, 404, 413, 415, 422, 429, 500, 503: a request or a server fault.
    MalformedJson,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
    Validation,
    IdempotencyKeyReused,
    TooManyRequests,
    Internal,
    Unavailable,
    // 412: `If-Match` names an older version.
    VersionMismatch,
    // 409: the record's state, or a rule across records, forbids the command.
    AlreadyPlanned,
    ActivityCancelled,
    AlreadyCancelled,
    ActivityReported,
    AlreadyDelivered,
    NotDelivered,
    NoFundingFromDonor,
    ActivityVoided,
    AlreadyVoided,
    /// An amendment of participants never recorded.
    NotRecorded,
    /// A report of a training or workshop without its participants.
    ParticipantsMissing,
    AlreadyRegistered,
    ProgrammeCodeTaken,
    /// An outcome or indicator id already defined in the programme's results framework.
    AlreadyDefined,
    /// A reported actual for an indicator whose actuals are counted from activities.
    CountedIndicator,
    /// A name, alias or IATI identifier another organisation holds.
    OrganisationNameTaken,
    TokenExists,
    AlreadyRevoked,
    OwnToken,
    ChainBroken,
    /// IATI export without a reporting organisation configured (`TATRACK_IATI_ORG_REF`).
    IatiNotConfigured,
    ParticipantErased,
    MergeState,
    // 422 for imports: the file cannot be read as a table; rows break rules (listed in `errors`).
    ImportFile,
    ImportRows,
    /// A status none of the above covers (405, 408, 414, 431...): `http-<status>`.
    Http(u16),
}

impl ProblemType {
    /// The relative URI of the `type` member: `/problems/<slug>`.
    pub fn uri(self) -> String {
        match self {
            Self::Http(status) => format!("/problems/http-{status}"),
            other => format!("/problems/{}", other.slug()),
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Self::MalformedJson => "malformed-json",
            Self::BadRequest => "bad-request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::PayloadTooLarge => "payload-too-large",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::Validation => "validation",
            Self::IdempotencyKeyReused => "idempotency-key-reused",
            Self::TooManyRequests => "too-many-requests",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
            Self::VersionMismatch => "version-mismatch",
            Self::AlreadyPlanned => "already-planned",
            Self::ActivityCancelled => "activity-cancelled",
            Self::AlreadyCancelled => "already-cancelled",
            Self::ActivityReported => "activity-reported",
            Self::AlreadyDelivered => "already-delivered",
            Self::NotDelivered => "not-delivered",
            Self::NoFundingFromDonor => "no-funding-from-donor",
            Self::ActivityVoided => "activity-voided",
            Self::AlreadyVoided => "already-voided",
            Self::NotRecorded => "not-recorded",
            Self::ParticipantsMissing => "participants-missing",
            Self::AlreadyRegistered => "already-registered",
            Self::ProgrammeCodeTaken => "programme-code-taken",
            Self::AlreadyDefined => "already-defined",
            Self::CountedIndicator => "counted-indicator",
            Self::OrganisationNameTaken => "organisation-name-taken",
            Self::TokenExists => "token-exists",
            Self::AlreadyRevoked => "already-revoked",
            Self::OwnToken => "own-token",
            Self::ChainBroken => "chain-broken",
            Self::IatiNotConfigured => "iati-not-configured",
            Self::ParticipantErased => "participant-erased",
            Self::MergeState => "merge-state",
            Self::ImportFile => "import-file",
            Self::ImportRows => "import-rows",
            // Written with its status by `uri`.
            Self::Http(_) => "http",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_their_uris() {
        assert_eq!(ProblemType::ActivityReported.uri(), "/problems/activity-reported");
        assert_eq!(ProblemType::Http(414).uri(), "/problems/http-414");
    }
}

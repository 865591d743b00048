-- Signing in with the organisation's identity provider (OpenID Connect).
--
-- people and grants are written only beside the `Person` and `Grant` streams' events, in their
-- transaction, so they never say more or less than the log; a request's rights are read from
-- them at once (a revocation needs no projector to catch up).

-- A person as their provider last described them: issuer and subject are who they are.
CREATE TABLE people
(
    issuer      text NOT NULL,
    subject     text NOT NULL,
    name        text NOT NULL,
    email       text,
    recorded_at text NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- A role and a scope given to one person (issuer, subject) or to everyone whose sign-in carries
-- claim_value in the claim named claim (a group).
CREATE TABLE grants
(
    grant_id     text PRIMARY KEY,
    grantee_kind text NOT NULL,
    issuer       text,
    subject      text,
    claim        text,
    claim_value  text,
    role         text NOT NULL,
    -- The scope as JSON, as tokens keep theirs.
    scope        text NOT NULL,
    reason       text NOT NULL,
    granted_by   text NOT NULL,
    granted_at   text NOT NULL,
    revoked_at   text
);
CREATE INDEX grants_by_person ON grants (issuer, subject);
CREATE INDEX grants_by_claim ON grants (claim, claim_value);

-- Sessions of people signed in through the provider: as web_sessions, with the person, the
-- claim values their sign-in carried (JSON: claim name -> list of values) and the ID token, the
-- hint the provider's sign-out asks for.
CREATE TABLE person_sessions
(
    digest     text PRIMARY KEY,
    issuer     text NOT NULL,
    subject    text NOT NULL,
    claims     text NOT NULL,
    id_token   text NOT NULL,
    csrf       text NOT NULL,
    created_at text NOT NULL,
    expires_at text NOT NULL,
    ended_at   text
);

-- Sign-ins under way: the digest of the state sent to the provider, and the nonce and PKCE
-- verifier it must come back with. A state is spent by its first answer (the row is deleted).
CREATE TABLE oidc_logins
(
    state_digest text PRIMARY KEY,
    nonce        text NOT NULL,
    verifier     text NOT NULL,
    return_to    text NOT NULL,
    created_at   text NOT NULL
);

-- Who issued a token (the actor, a person's name since people sign in), shown beside it.
ALTER TABLE tokens ADD COLUMN issued_by text;

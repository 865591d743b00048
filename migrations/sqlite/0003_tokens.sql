-- Access tokens, as the server checks them on every request. Only a SHA-256 digest of each
-- secret is kept. Creation and revocation are also recorded as events of the `Token` stream
-- named like the token, for the audit trail.
CREATE TABLE tokens
(
    name       text PRIMARY KEY,
    digest     text NOT NULL UNIQUE,
    role       text NOT NULL,
    -- The scope as JSON: {"countries": [...], "programmes": [...], "donor": ...}.
    scope      text NOT NULL,
    created_at text NOT NULL,
    expires_at text,
    revoked_at text
);

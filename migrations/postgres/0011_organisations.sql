-- Organisations (donors and partners, issue 14 section 2).

-- What each organisation claims across organisations: its names, letter case aside
-- ('name:european union', 'name:eu') and its IATI identifier ('iati:XI-IATI-EC_INTPA'). Written
-- in the transaction that appends the registration or correction (store/src/append.rs), so a
-- name resolves to one organisation at most; a correction releases what it no longer names.
CREATE TABLE organisation_claims
(
    claim           text PRIMARY KEY,
    organisation_id text NOT NULL
);

-- Read model: one row per organisation, as its events built it.
CREATE TABLE rm_organisations
(
    generation        bigint NOT NULL,
    organisation_id   text   NOT NULL,
    name              text   NOT NULL,
    iati_identifier   text,
    organisation_type text   NOT NULL,
    country           text,
    -- The aliases as a JSON array, in the order given.
    aliases           text   NOT NULL,
    version           bigint NOT NULL,
    -- The full state as JSON, so the projector can apply the next event to it.
    state             text   NOT NULL,
    PRIMARY KEY (generation, organisation_id)
);

-- Read model: every name an organisation goes by (its canonical name and aliases), by its key
-- (trimmed, lower case): how a donor named in a funding line or contribution resolves.
CREATE TABLE rm_organisation_names
(
    generation      bigint NOT NULL,
    name_key        text   NOT NULL,
    organisation_id text   NOT NULL,
    PRIMARY KEY (generation, name_key)
);
CREATE INDEX rm_organisation_names_by_organisation ON rm_organisation_names (generation, organisation_id);

-- Search (issue 25): one row per activity with the words a search matches, by field, as
-- projections/src/search.rs writes them (folded: letter case, compatibility forms and accents
-- aside, one space between words), so that both backends see the same words. Written by the
-- projector with the activity's other rows; a replay writes it like them. Activities projected
-- before this table existed get their rows when the server starts (the projector's backfill).
CREATE TABLE rm_activity_search
(
    generation  bigint NOT NULL,
    activity_id text   NOT NULL,
    title       text   NOT NULL,
    location    text   NOT NULL,
    description text   NOT NULL,
    -- The descriptions of its outputs, one after the other.
    outputs     text   NOT NULL,
    -- The names its standing funding was recorded under.
    donors      text   NOT NULL,
    PRIMARY KEY (generation, activity_id)
);

-- The document a search matches: the 'simple' configuration (no stemming, no stop words: titles
-- come in many languages), the title weighing most (A), the location and donors next (B).
CREATE FUNCTION rm_activity_search_document(title text, location text, description text, outputs text, donors text)
    RETURNS tsvector
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
AS
$$
SELECT setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', location), 'B')
           || setweight(to_tsvector('simple', description), 'C') || setweight(to_tsvector('simple', outputs), 'C')
           || setweight(to_tsvector('simple', donors), 'B')
$$;

CREATE INDEX rm_activity_search_words ON rm_activity_search
    USING gin (rm_activity_search_document(title, location, description, outputs, donors));

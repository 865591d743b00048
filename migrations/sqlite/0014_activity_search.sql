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
    -- Ties the row to its words in rm_activity_search_words: an explicit INTEGER PRIMARY KEY,
    -- because VACUUM may renumber an implicit rowid behind the index's back. Last, so that
    -- the generation leads, as in every read model.
    search_id   integer PRIMARY KEY,
    UNIQUE (generation, activity_id)
);

-- The full-text index (FTS5) over those columns, its content read from the table above and
-- kept in step with it by the triggers below (SQLite's external-content pattern).
CREATE VIRTUAL TABLE rm_activity_search_words USING fts5
(
    title, location, description, outputs, donors,
    content = 'rm_activity_search', content_rowid = 'search_id',
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER rm_activity_search_inserted AFTER INSERT ON rm_activity_search
BEGIN
    INSERT INTO rm_activity_search_words (rowid, title, location, description, outputs, donors)
    VALUES (new.search_id, new.title, new.location, new.description, new.outputs, new.donors);
END;

CREATE TRIGGER rm_activity_search_deleted AFTER DELETE ON rm_activity_search
BEGIN
    INSERT INTO rm_activity_search_words (rm_activity_search_words, rowid, title, location, description, outputs, donors)
    VALUES ('delete', old.search_id, old.title, old.location, old.description, old.outputs, old.donors);
END;

CREATE TRIGGER rm_activity_search_updated AFTER UPDATE ON rm_activity_search
BEGIN
    INSERT INTO rm_activity_search_words (rm_activity_search_words, rowid, title, location, description, outputs, donors)
    VALUES ('delete', old.search_id, old.title, old.location, old.description, old.outputs, old.donors);
    INSERT INTO rm_activity_search_words (rowid, title, location, description, outputs, donors)
    VALUES (new.search_id, new.title, new.location, new.description, new.outputs, new.donors);
END;

-- Participants as people (issue 28): the keys that open their identifying details, the blind
-- index that finds likely matches, and the read models counted from their categories.

-- Each participant's own key (32 random bytes), sealed by the master key (XChaCha20-Poly1305):
-- outside the event log, so that deleting a row makes that person's sealed details noise for
-- good while the log and its hash chain stay as they are. Written in the transaction of the
-- registration; deleted in the transaction of the erasure, and again by the projector when it
-- applies the erasure (so a restored backup of this table forgets the person again). `key_id`
-- names the master key that sealed it (for rotation).
CREATE TABLE participant_keys
(
    participant_id text PRIMARY KEY,
    key_id         text NOT NULL,
    wrapped        text NOT NULL,
    created_at     text NOT NULL
);

-- The blind index: HMAC-SHA256 (under a key derived from the master key) of a participant's
-- normalised e-mail (`kind` 'email') and of their normalised name, country and institution
-- ('name'). Finds a likely match without keeping any identifying value in the clear; written
-- and deleted with the key above.
CREATE TABLE participant_lookup
(
    participant_id text NOT NULL,
    kind           text NOT NULL,
    digest         text NOT NULL,
    PRIMARY KEY (participant_id, kind, digest)
);
CREATE INDEX participant_lookup_by_digest ON participant_lookup (kind, digest);

-- Read model: one row per participant, with the categories they are counted by and nothing
-- that identifies them. `state` is the same as JSON, for the projector's next event.
CREATE TABLE rm_participants
(
    generation     bigint NOT NULL,
    participant_id text   NOT NULL,
    sex            text   NOT NULL,
    age_band       text   NOT NULL,
    -- 1 when a Washington Group answer is at the cut-off, 0 otherwise or when not given.
    has_disability bigint NOT NULL,
    institution    text,
    country        text   NOT NULL,
    -- The participant this one was merged into (the last merge not split).
    merged_into    text,
    -- The ground of the erasure, once erased.
    erased         text,
    version        bigint NOT NULL,
    state          text   NOT NULL,
    PRIMARY KEY (generation, participant_id)
);

-- Read model: each activity's attendance list as last recorded, with the test scores.
CREATE TABLE rm_attendance
(
    generation      bigint NOT NULL,
    activity_id     text   NOT NULL,
    participant_id  text   NOT NULL,
    -- Its place in the list as recorded, from 0.
    place           bigint NOT NULL,
    pre_score       bigint,
    post_score      bigint,
    match_confirmed bigint NOT NULL,
    PRIMARY KEY (generation, activity_id, participant_id)
);
CREATE INDEX rm_attendance_by_participant ON rm_attendance (generation, participant_id);

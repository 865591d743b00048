-- Read models, written only by the projector. Every row belongs to a generation: queries read
-- the active one, a replay builds the next beside it and switches in one transaction.

-- Where the projector stands. One row.
CREATE TABLE projection_state
(
    id                  integer PRIMARY KEY CHECK (id = 1),
    -- The generation queries read.
    generation          bigint NOT NULL,
    -- The last applied event, in commit order: its transaction id and position.
    checkpoint_tx       bigint NOT NULL,
    checkpoint_position bigint NOT NULL,
    events_applied      bigint NOT NULL,
    updated_at          text   NOT NULL
);
INSERT INTO projection_state (id, generation, checkpoint_tx, checkpoint_position, events_applied, updated_at)
VALUES (1, 1, 0, 0, 0, '');

-- One row per activity, with what lists filter and sort on.
CREATE TABLE rm_activities
(
    generation         bigint NOT NULL,
    activity_id        text   NOT NULL,
    programme_id       text   NOT NULL,
    kind               text   NOT NULL,
    status             text   NOT NULL,
    title              text   NOT NULL,
    location           text   NOT NULL,
    -- Comma-separated ISO 3166-1 alpha-3 codes, for display; rm_activity_countries for filters.
    countries          text   NOT NULL,
    country_count      bigint NOT NULL,
    -- The date an activity counts on: its delivery start, its planned start until delivered.
    date_key           text   NOT NULL,
    planned_start      text   NOT NULL,
    planned_end        text   NOT NULL,
    delivery_start     text,
    delivery_end       text,
    female             bigint NOT NULL,
    male               bigint NOT NULL,
    other              bigint NOT NULL,
    participants_total bigint NOT NULL,
    -- Comma-separated donors with standing funding.
    donors             text   NOT NULL,
    version            bigint NOT NULL,
    last_position      bigint NOT NULL,
    -- The activity's full record as JSON, so the projector can apply the next event to it.
    state              text   NOT NULL,
    PRIMARY KEY (generation, activity_id)
);
CREATE INDEX rm_activities_by_date ON rm_activities (generation, date_key, activity_id);
CREATE INDEX rm_activities_by_programme ON rm_activities (generation, programme_id, date_key);

-- An activity's participants as they count for each of its countries.
CREATE TABLE rm_activity_countries
(
    generation   bigint NOT NULL,
    activity_id  text   NOT NULL,
    country      text   NOT NULL,
    date_key     text   NOT NULL,
    female       bigint NOT NULL,
    male         bigint NOT NULL,
    other        bigint NOT NULL,
    unattributed bigint NOT NULL,
    PRIMARY KEY (generation, activity_id, country)
);
CREATE INDEX rm_activity_countries_by_country ON rm_activity_countries (generation, country, date_key);

CREATE TABLE rm_activity_institutions
(
    generation   bigint NOT NULL,
    activity_id  text   NOT NULL,
    institution  text   NOT NULL,
    participants bigint NOT NULL,
    PRIMARY KEY (generation, activity_id, institution)
);

CREATE TABLE rm_activity_outputs
(
    generation  bigint NOT NULL,
    activity_id text   NOT NULL,
    kind        text   NOT NULL,
    outputs     bigint NOT NULL,
    PRIMARY KEY (generation, activity_id, kind)
);

-- Standing funding per donor and currency, in the currency's minor unit (exact integers).
CREATE TABLE rm_activity_funding
(
    generation   bigint NOT NULL,
    activity_id  text   NOT NULL,
    donor        text   NOT NULL,
    currency     text   NOT NULL,
    amount_minor bigint NOT NULL,
    PRIMARY KEY (generation, activity_id, donor, currency)
);
CREATE INDEX rm_activity_funding_by_donor ON rm_activity_funding (generation, donor);

CREATE TABLE rm_programmes
(
    generation    bigint NOT NULL,
    programme_id  text   NOT NULL,
    code          text   NOT NULL,
    name          text   NOT NULL,
    thematic_area text   NOT NULL,
    state         text   NOT NULL,
    PRIMARY KEY (generation, programme_id)
);

CREATE TABLE rm_programme_contributions
(
    generation   bigint NOT NULL,
    programme_id text   NOT NULL,
    seq          bigint NOT NULL,
    donor        text   NOT NULL,
    currency     text   NOT NULL,
    amount_minor bigint NOT NULL,
    received_on  text   NOT NULL,
    PRIMARY KEY (generation, programme_id, seq)
);
CREATE INDEX rm_programme_contributions_by_donor ON rm_programme_contributions (generation, donor);

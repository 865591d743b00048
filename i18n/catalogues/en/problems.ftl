# en: problems (issue 27): the title and detail of every RFC 9457 problem the API answers with,
# and the rules of the domain a user can break (shown by the server and, offline, by the web app).
# Each English text is the one the API answered with before (and logs and the CLI still print).

## The rules of an activity

problem-activity-not-planned = no activity has been planned under this id
problem-activity-already-planned = an activity with this id is already planned
# $field: the request field of the end date, such as `planned_end`.
problem-end-before-start = `{ $field }` falls before the start date
problem-activity-no-countries = an activity takes place in at least one country
problem-country-twice = country { $country } is listed twice
problem-activity-cancelled = the activity was cancelled; only a correction or a funding withdrawal can change its record
problem-activity-already-cancelled = the activity is already cancelled
problem-activity-reported = the activity was reported and is locked; send an amendment of what happened or a correction of planned fields, with a reason, instead
problem-activity-voided = the activity was voided; its record can no longer change
problem-activity-already-voided = the activity is already voided
problem-nothing-to-amend = the amendment changes nothing: the record already holds every value given
problem-no-participants-recorded = no participants tally was ever recorded for this activity, so there is none to amend
# $line: the line asked for; $lines: how many the activity has.
problem-no-such-funding-line = the activity has no funding line { $line }: it has { $lines }, counted from 0
problem-no-such-output = the activity has no output { $output }: it has { $outputs }, counted from 0
# $latest: a date, YYYY-MM-DD.
problem-delivery-in-future = `{ $field }` falls after { $latest }: a delivery cannot be in the future (today in UTC, with one day allowed for time zones)
# $kind: training or workshop.
problem-participants-missing = a delivered { $kind } is reported with its participants: record the participants tally first
problem-activity-already-delivered = the activity has already been delivered
problem-activity-not-delivered = the activity has not been delivered yet
problem-breakdown-exceeds-total = the breakdown in `{ $field }` adds up to more than the participants recorded
problem-country-not-in-activity = country { $country } is not one of the activity's countries
problem-no-funding-from-donor = donor '{ $donor }' has no funding attributed to this activity
problem-nothing-to-correct = the correction changes nothing: every field already has the value given
problem-headcount-too-large = `{ $field }` cannot exceed { $max } people
problem-tally-too-large = a tally cannot count more than { $max } people in all

## Rules of single values

problem-date-out-of-range = `{ $field }` must fall in the years { $earliest } to { $latest }
problem-control-character = `{ $field }` holds a control character or a Unicode noncharacter; of those, only tab and newline are allowed in text
problem-amount-not-positive = an amount must be greater than zero
problem-amount-too-precise = { $currency } amounts have at most { $digits } decimal places
problem-amount-too-large = an amount cannot exceed { $max }
problem-unknown-country = '{ $value }' is not an ISO 3166-1 alpha-3 country code
problem-unknown-currency = '{ $value }' is not an ISO 4217 currency code
problem-negative-count = a count cannot be negative (got { $count })
problem-count-too-large = a count cannot exceed { $max } (got { $count })
problem-invalid-programme-code = '{ $value }' is not a programme code: use 2 to 32 of A-Z, 0-9, '-' and '_'
problem-empty-text = this text must not be empty
problem-invalid-iati-identifier = '{ $value }' is not an IATI organisation identifier: a registration agency's prefix and the organisation's number there, such as XM-DAC-41114 or GB-GOV-1

## The rules of organisations, programmes and their results

problem-organisation-not-registered = no organisation has been registered under this id
problem-organisation-already-registered = an organisation with this id is already registered
problem-name-repeated = '{ $name }' is given twice among the organisation's name and aliases (spelling aside)
# $code_point: such as U+200B.
problem-invisible-character = `{ $field }` holds an invisible character ({ $code_point }): a name may not hide one
problem-nothing-changed = the correction changes nothing
problem-programme-not-registered = no programme has been registered under this id
problem-programme-already-registered = a programme with this id is already registered
problem-programme-end-before-start = `end` falls before `start`
problem-outcome-exists = an outcome with this id is already defined
problem-indicator-exists = an indicator with this id is already defined
problem-unknown-outcome = the programme has no outcome with this id
problem-unknown-indicator = the programme has no indicator with this id
problem-nothing-revised = the revision changes nothing: name, baseline and targets are as they were
problem-year-out-of-range = `{ $field }` must be a year from { $earliest } to { $latest }
problem-value-out-of-range = `{ $field }` must be at most { $max }, with at most { $scale } decimal places
problem-percentage-over-100 = `{ $field }` is a percentage: at most 100
problem-target-year-repeated = `{ $field }` repeats a year: an indicator has one target per year
problem-counted-percentage = a counted indicator is a number: counts are not percentages
problem-actual-of-counted-indicator = this indicator's actuals are counted from activities; they cannot be reported

## Access grants and tokens

problem-bad-identifier = `{ $field }` must be 1 to 255 characters
problem-already-granted = a grant with this id already exists
problem-not-granted = no grant has this id
problem-grant-already-revoked = the grant is already revoked
problem-adviser-grant-without-scope = an adviser's grant needs at least one country or programme in its scope
problem-donor-grant-without-name = a donor's grant names the organisation (or donor) it reads for
problem-token-already-exists = a token with this name already exists
problem-token-not-found = no token has this name
problem-token-already-revoked = the token is already revoked
problem-adviser-token-without-scope = an adviser token needs at least one country or programme in its scope
problem-donor-token-without-name = a donor token names the organisation (or donor) it reads for

## The API's own problems: the store, the request, the caller

problem-unsupported-media-type = send the body as application/json
problem-payload-too-large = the request body is larger than { $limit } bytes
problem-too-many-requests = too many requests with this token; retry in { $retry_after } s
problem-version-mismatch = the record is at version { $current }; reload it and decide again
problem-idempotency-key-reused = this Idempotency-Key was already used for a different request
problem-internal = internal error
problem-value-cannot-be-stored = a value in the request cannot be stored or compared (a control character, or a figure out of range?)
problem-store-busy = the event store is busy; nothing was written, try again shortly
problem-store-unreachable = the event store cannot be reached; try again shortly
problem-writers-collided = too many concurrent writers on this stream; try again
problem-programme-code-taken = programme code { $code } already belongs to programme { $owner }
# $claim: the key of a name (name:…, look:…) or an IATI identifier (iati:…).
problem-organisation-claim-taken = { $claim } already belongs to organisation { $owner }
problem-chain-behind = the hash chain reaches position { $linked }, not yet the log's head at position { $head }: the read models are catching up, and a report now would count only part of the log
problem-read-models-behind = the read models have not reached position { $position } yet; retry shortly
problem-log-unread = the log could not be read up to position { $position } within a minute: a transaction is held open; run the migration again
problem-min-position-unknown = `min_position` is not the position of a recorded event
problem-to-before-from = `to` falls before `from`
problem-search-too-long = `q` is longer than { $max } characters
problem-search-control-character = `q` holds a control character
problem-cell-too-long = a value is longer than a spreadsheet cell holds (32,767 characters); export as CSV
problem-place-needs-if-match = a funding line or an output is named by its place, which holds only at the version you read: send that version in If-Match

## Who may do what

problem-token-revoked = the token was revoked
problem-token-expired = the token has expired
# $role: the caller's role; $needed: the roles that may, joined by '-', admin last.
problem-role-forbidden = { $role ->
    [adviser] an adviser
    [donor] a donor
    [manager] a manager
   *[admin] an admin
} token cannot do this; it needs { $needed ->
    [adviser-admin] an adviser or admin
    [manager-admin] a manager or admin
    [manager-adviser-admin] a manager, adviser or admin
    [manager-donor-admin] a manager, donor or admin
   *[admin] an admin
} token
problem-donor-lists-own-funding = a donor token lists only what its donor funds
problem-activity-outside-scope = this activity lies outside the countries or programmes of your token
problem-token-name-invalid = use 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-', '@'
problem-token-name-exists = token { $name } already exists

## What is not recorded, or recorded under another organisation

problem-no-activity-with-id = no activity is recorded under id { $id }
problem-no-programme-with-id = no programme is registered under id { $id }
problem-no-programme-with-code = no programme is registered under the code { $code }
problem-no-organisation-with-id = no organisation is registered under id { $id }
# $noun: activity or programme.
problem-no-history = no { $noun ->
    [programme] programme
   *[activity] activity
} is recorded under id { $id }
problem-iati-nothing-to-export = no activity the caller may see matches these filters; an IATI document must hold at least one
problem-iati-not-configured = IATI export needs the reporting organisation's IATI identifier: start the server with TATRACK_IATI_ORG_REF (or --iati-org-ref)
problem-donor-unnamed = name the donor: an organisation's id in organisation_id, or its name or an alias in donor
problem-donor-not-of-organisation = '{ $name }' is not a name or alias of organisation { $id } ({ $organisation })
problem-iati-identifier-taken = IATI identifier { $identifier } belongs to organisation { $id } ({ $holder })
# $how: spelling (the same name spelt otherwise) or look (a look-alike); $held: the holder's name.
problem-name-taken = '{ $name }' { $how ->
    [spelling] is a spelling of
   *[look] looks like
} '{ $held }', a name of organisation { $id } ({ $holder })
problem-kept-name-taken = a name this organisation keeps { $how ->
    [spelling] is a spelling of
   *[look] looks like
} '{ $held }', a name of organisation { $id } ({ $holder })

## A request that cannot be read (the reason, quoted, is a library's and stays English)

problem-body-not-json = the body is not valid JSON: { $reason }
problem-duplicate-key = the key `{ $key }` appears more than once; send each key once
problem-body-not-object = the body must be a JSON object
problem-body-field-unreadable = `{ $field }` cannot be read: { $reason }
problem-body-unreadable = the body cannot be read: { $reason }
problem-idempotency-key-length = header idempotency-key must be 1 to 255 visible characters
problem-if-match-not-version = header If-Match must be the entity tag of a version, such as "3"
problem-header-not-ascii = header { $name } must be visible ASCII
problem-not-a-uuid = '{ $value }' is not a UUID
problem-path-unreadable = the path cannot be read: { $reason }
problem-query-parameter-unreadable = the query parameter `{ $name }` cannot be read: { $reason }
problem-query-unreadable = the query cannot be read: { $reason }
problem-no-query-parameters = `{ $name }` is not a parameter of this route, which takes none
# $kind: control or noncharacter; $code_point: such as U+0000.
problem-parameter-refused-character = `{ $name }` holds the { $kind ->
    [control] control character
   *[noncharacter] noncharacter
} { $code_point }

## The log, the projector and the audit

problem-limit-out-of-range = `limit` must be between 1 and { $max }
problem-chain-broken-at-position = the hash chain breaks at seq { $seq } (position { $position }): { $reason }
problem-chain-broken = the hash chain breaks at seq { $seq }: { $reason }
problem-store-not-reached = the event store cannot be reached
problem-projector-failing-at = the projector is failing at position { $position } ({ $attempts } attempts): { $error }
problem-projector-failing = the projector is failing ({ $attempts } attempts): { $error }
problem-projector-restarting = the projector died and is being restarted
problem-projector-stopped = the projector has stopped
problem-first-catch-up = the read models are catching up with the log as it stood when this server started (position { $position }); it is ready once they reach it
problem-projector-lagging = the projector is more than { $bound } events behind the log (TATRACK_READY_MAX_LAG)

## Signing in and sessions

problem-bearer-token-missing = send a bearer token in the Authorization header
problem-token-not-valid = the token is not valid
problem-sign-in-first = sign in first
problem-session-ended = the session has ended or expired; sign in again
problem-csrf-token-missing = a change made with a session cookie must carry the session's X-CSRF-Token header
problem-no-role-yet = you are signed in as { $name }, but no role has been granted to you yet: ask an administrator of tatrack
# $why: fetch-site (Sec-Fetch-Site is not same-origin) or origin (Origin is another server).
problem-cross-origin = cross-origin request refused: { $why ->
    [fetch-site] Sec-Fetch-Site is not same-origin
   *[origin] Origin is not this server
}
problem-paste-token = paste the token you were given
problem-no-identity-provider = no identity provider is configured
problem-provider-refused = the identity provider did not sign you in ({ $error })
problem-provider-refused-described = the identity provider did not sign you in ({ $error }: { $description })
problem-parameter-missing = `{ $name }` is missing
problem-sign-in-unknown = this sign-in is unknown, was already used or took too long: sign in again
# $what: the step (discovery, token endpoint); $error: the library's words.
problem-provider-unreachable = the identity provider could not be reached ({ $what }): { $error }; try again shortly
problem-provider-answer-refused = the identity provider's answer was refused: { $error }
problem-access-token-refused = the access token was refused: { $error }

## Routes and their parameters

problem-no-such-route = no such route
problem-no-app-file = the app has no file { $path }
problem-unknown-language = '{ $value }' is not a language tatrack answers in: use en, fr or es
problem-unknown-donor = no funding or contribution is recorded from donor '{ $donor }'
problem-own-token = a token cannot revoke itself
problem-as-of-and-version = give as_of or version, not both
problem-version-from-one = versions start at 1
problem-no-event-by-then = activity { $id } had no recorded event by then
problem-not-planned-by-then = activity { $id } was not planned by then
problem-year-parameter-out-of-range = `year` is out of range

## Imports

problem-import-not-multipart = send the file as multipart/form-data, in a part named `file`
problem-import-other-part = the form has a part named '{ $name }'; send only `file`
problem-import-one-file = send one file per import
problem-import-no-file = the form has no part named `file`
problem-import-form-unreadable = the form cannot be read: { $reason }

## Lists and their figures

problem-figure-only = `{ $name }` applies with `figure={ $figure }` only
problem-unattributed-needs-country = `figure` `unattributed` needs `country`: only a country's participants are unattributed
problem-institution-needed = `institution` is needed with `figure=institution`
problem-donor-needed = `donor` is needed with `figure=funding`: the figure is one donor's
problem-currency-needed = `currency` is needed with `figure=funding`
problem-cursor-unknown = `cursor` is not a cursor this server issued for this query
problem-table-csv-only = `table` applies to CSV exports only
problem-table-not-in-workbook = `table` applies to CSV exports only: a workbook holds every table
problem-import-rows = { $total } problem(s) in the file, each listed in `errors`; nothing was written
problem-import-rows-some-listed = { $total } problem(s) in the file; the first { $listed } are listed in `errors`, and every one as CSV when the same file is posted to `problems_csv`; nothing was written
problem-import-not-utf8 = the file is not UTF-8 text: the first bad byte is byte { $byte }, on line { $line }; save it as CSV UTF-8
problem-import-not-xlsx = the file is not an XLSX workbook: { $reason }
# $reason: what the reader found, in English.
problem-import-file-unreadable = the file cannot be read: { $reason }

## Answers the framework or a layer made on its own

problem-request-refused = the request was refused: { $reason }
problem-method-not-allowed = this route does not accept this method
problem-request-timed-out = the request took too long and was abandoned; retry shortly
problem-request-not-served = the request could not be served
problem-url-too-long = the URL is longer than the server reads (64 KiB)
problem-headers-too-large = the request's headers are too large
problem-request-unparsable = the request line or a header cannot be parsed

## Titles: one short summary per problem type

problem-title-malformed-json = Malformed JSON
problem-title-bad-request = Bad request
problem-title-unauthorized = Not signed in
problem-title-forbidden = Not allowed
problem-title-not-found = Not found
problem-title-payload-too-large = Request too large
problem-title-unsupported-media-type = Unsupported media type
problem-title-validation = Invalid value
problem-title-idempotency-key-reused = Idempotency key reused
problem-title-too-many-requests = Too many requests
problem-title-internal = Internal error
problem-title-unavailable = Service unavailable
problem-title-version-mismatch = The record has changed
problem-title-already-planned = Already planned
problem-title-activity-cancelled = Activity cancelled
problem-title-already-cancelled = Already cancelled
problem-title-activity-reported = Activity reported
problem-title-already-delivered = Already delivered
problem-title-not-delivered = Not delivered yet
problem-title-no-funding-from-donor = No funding from this donor
problem-title-activity-voided = Activity voided
problem-title-already-voided = Already voided
problem-title-not-recorded = Nothing recorded to amend
problem-title-participants-missing = Participants missing
problem-title-already-registered = Already registered
problem-title-programme-code-taken = Programme code taken
problem-title-already-defined = Already defined
problem-title-counted-indicator = Counted indicator
problem-title-organisation-name-taken = Organisation name taken
problem-title-token-exists = Token already exists
problem-title-already-revoked = Already revoked
problem-title-own-token = A token cannot revoke itself
problem-title-chain-broken = Hash chain broken
problem-title-iati-not-configured = IATI export not configured
problem-title-import-file = File cannot be read
problem-title-import-rows = Rows break rules
# $status: an HTTP status code none of the titles above covers.
problem-title-http = { $status ->
    [405] Method not allowed
    [408] Request timeout
    [414] URL too long
    [431] Request headers too large
   *[other] HTTP error { $status }
}

problem-language-person-only = only a person signed in through the identity provider chooses a language here; a token's language is chosen when it is issued

# Participants: people who attended activities, their identifying details sealed.
problem-not-sealed = the sealed details are not base64 of a nonce and a ciphertext
problem-score-out-of-range = a score is a whole number from 0 to 100 (got { $score })
problem-participant-not-registered = no participant has been registered under this id
problem-participant-already-registered = a participant with this id is already registered
problem-participant-erased = the participant's details were erased; the record can no longer change
problem-participant-already-erased = the participant's details were already erased
problem-merge-into-self = a participant cannot be merged into themselves
problem-merge-target-unknown = no participant has been registered under the id in `into`
problem-merge-target-merged = the participant in `into` is merged into another: merge into that one
problem-merge-target-erased = the participant in `into` was erased
problem-participant-already-merged = the participant is already merged into another: split them first
problem-participant-not-merged = the participant is not merged into anyone
problem-not-same-as-self = `not_same_as` names the participant themselves
problem-attendee-twice = participant { $id } is listed twice
problem-unknown-attendee = no participant has been registered under id { $id }
problem-attendance-needs-reason = the activity was reported: a new attendance list amends it, and needs a `reason`
problem-no-participant-with-id = no participant is registered under id { $id }
problem-sheet-unknown-column = the sheet has a column `{ $column }` that is not one of name, sex, age_band, institution, country, function, email, phone, pre_score, post_score or the six Washington Group domains
problem-sheet-column-missing = the sheet has no `{ $column }` column
problem-sheet-unknown-word = `{ $value }` is not a value `{ $field }` takes
problem-sheet-washington-group-incomplete = the Washington Group answers are given for some domains only: give all six, or none
problem-title-participant-erased = Participant erased
problem-title-merge-state = Merge not possible

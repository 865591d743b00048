# tatrack's words in English: the dashboards, the map, results, audit, tokens, people, IATI,
# downloads and the problems shown above a form (js/dashboard.js, map.js, results.js, manage.js,
# people.js, iati.js, downloads.js, ui.js). Numbers and dates arrive formatted (ui.js).

## Words several pages share

pages-show = Show
pages-none = None.
pages-from = From
pages-to = To
# A span of dates; $from and $to are formatted dates; $at: start (of a sentence) or within.
range-between = { $at ->
    [start] { $from } to { $to }
   *[within] { $from } to { $to }
}
range-until = { $at ->
    [start] From the start to { $to }
   *[within] from the start to { $to }
}
range-since = { $at ->
    [start] { $from } to today
   *[within] { $from } to today
}
range-all = { $at ->
    [start] From the start to today
   *[within] from the start to today
}

## The API's closed lists in words (ui.js: kindName, statusName, outputName, institutionName)

kind-training = Training
kind-workshop = Workshop
kind-legislative-assistance = Legislative assistance
kind-pre-accession-support = Pre-accession support
kind-assessment-mission = Assessment mission
kind-expert-group-meeting = Expert group meeting
kind-mentoring = Mentoring
kind-joint-operation-support = Joint operation support
kind-e-learning = E-learning
kind-publication = Publication
status-planned = Planned
status-delivered = Delivered
status-reported = Reported
status-cancelled = Cancelled
status-voided = Voided
output-law-drafted = Law drafted
output-law-amended = Law amended
output-strategy-adopted = Strategy adopted
output-accession-deposited = Accession deposited
output-manual-published = Manual published
output-network-established = Network established
output-other = Other output
institution-police = Police
institution-prosecutors = Prosecutors
institution-judges = Judges
institution-customs = Customs
institution-border-guards = Border guards
institution-financial-intelligence = Financial intelligence
institution-civil-society = Civil society
institution-government = Government
institution-legislators = Legislators
institution-academia = Academia
institution-private-sector = Private sector
institution-other = Other institution

## Roles, as tokens and grants name them (ui.js: roleName)

role-adviser = Adviser
role-manager = Manager
role-donor = Donor
role-admin = Administrator

## Problems shown above a form's buttons (ui.js)

problem-changed = This activity changed since you opened it (someone else recorded something). { $detail }
problem-state = The activity’s state does not allow this any more. { $detail }
problem-reload = Reload the activity
problem-kept = { $detail } What you typed is kept: press the button again to retry.

## Download buttons (downloads.js); $what names what is saved, e.g. "this summary"

download-what = Download { $what }:
download-as = Download { $what } as { $format }
download-format-csv = CSV
download-format-xlsx = XLSX (Excel)

## Dashboards (dashboard.js)

dashboard-title = Dashboard
# $name: a country, a programme or a donor.
dashboard-title-of = Dashboard: { $name }
dashboard-form-label = Choose what to summarise
dashboard-scope = Summarise a
dashboard-scope-country = Country
dashboard-scope-programme = Programme
dashboard-scope-donor = Donor
dashboard-which = Which
dashboard-nothing = Nothing to summarise yet: no activity in your scope.
# $range: a span of dates (range-*); $position: how many changes the figures include.
dashboard-as-of = { $range } · { $position ->
    [1] figures include the first change recorded
   *[other] figures include the first { $position } changes recorded
}
dashboard-this-summary = this summary
dashboard-per-country-file = activities per country
# The word after a big figure; the figure itself is shown before it.
dashboard-total-activities = { $count ->
    [one] activity
   *[other] activities
}
dashboard-total-participants = { $count ->
    [one] participant
   *[other] participants
}
dashboard-total-outputs = { $count ->
    [one] output
   *[other] outputs
}
dashboard-bars-number = Number
dashboard-bars-share = Share
dashboard-by-kind = Activities by kind
dashboard-by-status = Activities by status
dashboard-by-sex = Participants by sex
dashboard-by-institution = Participants by institution
dashboard-outputs-by-kind = Outputs by kind
dashboard-per-month = Activities per month
dashboard-per-country = Activities per country
dashboard-kind = Kind
dashboard-status = Status
dashboard-sex = Sex
dashboard-institution = Institution
dashboard-output = Output
dashboard-month = Month
dashboard-women = Women
dashboard-men = Men
dashboard-other-sex = Other or undisclosed
# Follows the number of participants, shown as a link.
dashboard-unattributed = { $count ->
    [one] participant of a regional activity is not attributed to a country.
   *[other] participants of regional activities are not attributed to a country.
}
dashboard-funding = Funding
dashboard-donor = Donor
dashboard-currency = Currency
dashboard-amount = Amount
dashboard-funding-caption = Funding attributed to the activities, per donor and currency
dashboard-contributions = Contributions received
dashboard-contributions-note = Contributions are given to a programme as a whole, so no list of activities stands behind them.
dashboard-months-cut = Showing the first 36 months of the range.
dashboard-months-ask = Choose a date range (from and to) to see activities month by month.
# $funded: yes for a donor (the activities it funds); $range: a span of dates (range-*).
dashboard-map-caption = { $funded ->
    [yes] Activities per country that you fund, { $range }
   *[no] Activities per country, { $range }
}
dashboard-map-lead = { $caption }. Each country leads to its dashboard.
dashboard-map-loading = Loading the map…
dashboard-map-failed = The map could not be drawn: { $reason }
dashboard-results-link = Results framework: indicators, targets and actuals

## The world map (map.js)

# $country: the country's name; $count: its activities.
map-country = { $country }: { $count ->
    [one] { $count } activity
   *[other] { $count } activities
}
map-legend-fewer = Fewer
map-legend-more = more activities; grey: none.
map-table = The same figures as a table
map-country-column = Country
map-activities-column = Activities

## Results (results.js)

results-title = Results
# $programme: the programme's code; $year: the year.
results-title-of = Results: { $programme } in { $year }
results-form-label = Choose a programme and a year
results-programme = Programme
results-year = Year
results-no-programme = No programme in your scope.
results-no-framework = This programme has no results framework yet.
results-no-indicator = No indicator yet.
results-caption = Indicators of this outcome in { $year }
results-indicator = Indicator
results-baseline = Baseline
results-target = Target
results-actual = Actual
results-share = Share of target
results-as-of = { $position ->
    [1] Counted actuals include the first change recorded
   *[other] Counted actuals include the first { $position } changes recorded
}; they count delivered and reported activities dated in the year.
results-reported-by-manager = Reported by a manager
# $what: what is counted (results-of-*).
results-counted = Counted: { $what }
results-counted-kind = Counted: { $what } ({ $kind })
results-of-activities = activities
results-of-participants = participants
results-of-outputs = outputs ({ $output })
results-not-reported = not reported
results-delivered-behind = The delivered (not yet reported) activities behind this figure
results-reported-behind = The reported activities behind this figure
results-and-reported = (and reported)
results-by-sex = { $female } women, { $male } men, { $other } other
# $value: a figure; $year: the baseline's year.
results-baseline-value = { $value } ({ $year })
results-percent = { $value } %

## Audit (manage.js)

audit-title = Audit
audit-chain = Hash chain
audit-chain-broken = The hash chain is broken: { $detail }
audit-result = Result
audit-intact = Intact: no stored event was altered or removed
audit-broken = Broken
audit-links-checked = Links checked
audit-head = Head
audit-none-yet = none yet
audit-signatures = Signed heads
audit-signatures-unchecked = not checked: the server has no signing or public key, so the chain is unsigned
audit-signatures-held = { $count } hold, the last at link { $seq }
audit-read-models = Read models
audit-projection-status = Projection status
audit-checkpoint = Checkpoint
audit-log-head = Head of the log
audit-lag = Lag
audit-lag-events = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
audit-projector = Projector
audit-projector-off = Off
audit-projector-starting = Starting
audit-projector-standby = Standing by
audit-projector-projecting = Projecting
audit-projector-failing = Failing
audit-projector-restarting = Restarting
audit-projector-stopped = Stopped
audit-instance = Answering instance
audit-failure = Failure
audit-failure-none = none
# $error: what failed; $position: where, or –; $attempts: how many times it was tried.
audit-failure-detail = { $error } (position { $position }, { $attempts ->
    [one] { $attempts } attempt
   *[other] { $attempts } attempts
})
audit-log = The global log
audit-log-title = The global log, in commit order
audit-filter-label = Filter the feed
audit-actor = Recorded by (token name)
audit-from = From (UTC)
audit-to = To (UTC)
audit-clear = Clear
audit-these-events = these events
audit-seq = #
audit-recorded = Recorded
audit-by = By
audit-event = Event
audit-record = Record
audit-link = Link
audit-reason = Reason: { $reason }
audit-next = Next events
audit-end = End of the log.

## Tokens (manage.js)

tokens-title = Tokens
tokens-issue = Issue a token
tokens-all = All tokens
tokens-name = Name
tokens-name-hint = Recorded as the actor of everything the token does.
tokens-role = Role
tokens-expires = Expires (UTC, optional)
tokens-issue-button = Issue the token
tokens-issued = Token { $name } issued. Copy its secret now: it is shown only this once.
tokens-scope = Scope
tokens-created = Created
tokens-issued-by = Issued by
tokens-state = State
tokens-revoked = Revoked { $when }
tokens-revoked-now = Revoked
tokens-expires-on = Expires { $when }
tokens-active = Active
tokens-revoke = Revoke
tokens-revoke-confirm = Revoke { $name }? Its sessions end at once.

## People and their rights (people.js)

scope-countries = Countries (advisers)
scope-countries-hint = ISO 3166-1 alpha-3 codes separated by spaces, e.g. BOL PER.
scope-programmes = Programmes (advisers)
scope-programmes-hint = Programme codes separated by spaces.
scope-donor = Donor (donors)
scope-in-countries = Countries: { $list }
scope-in-programmes = Programmes: { $list }
scope-in-donor = Donor: { $donor }
scope-everything = Everything
people-title = People and their rights
people-intro = People sign in with the organisation’s accounts. A first sign-in gives no rights: grant a role to the person, or to everyone in a group the identity provider names.
people-grant-title = Grant a role
people-give-to = Give it to
people-give-to-hint = A person who has signed in once, or everyone whose sign-in names a group.
people-everyone-in-group = Everyone in a group
people-group = Group
people-group-hint = As the identity provider sends it in the groups claim, e.g. tatrack-advisers-bol.
people-role = Role
people-why = Why
people-why-hint = Kept with the grant for the audit trail.
people-grant = Grant
people-grants = Grants
people-nothing-granted = Nothing granted yet.
people-signed-in = People who have signed in
people-nobody = Nobody has signed in with the identity provider yet.
people-given-to = Given to
people-scope = Scope
people-granted = Granted
people-state = State
people-granted-by = { $when } by { $who }
people-revoked = Revoked { $when }
people-standing = Standing
people-everyone-whose = Everyone whose { $claim } include { $value }
people-subject-at = { $subject } at { $issuer }
people-revoke-label = Revoke this grant
people-revoke-why = Why revoke it
people-revoke = Revoke
people-name = Name
people-email = E-mail
people-provider = Identity provider
people-described = Last described

## IATI (iati.js)

iati-title = IATI activity file
iati-form-label = Which activities to publish
iati-about = What is checked, and where
iati-about-server = The server writes every activity from the same records as the rest of tatrack: codes from IATI’s codelists (status, dates, roles, DAC 5-digit sectors, countries as ISO codes), country shares in hundredths that add up to exactly 100, and identifiers prefixed by the reporting organisation’s. This page checks the file it received for those rules.
# $script: the checking script's name.
iati-about-schema = The server has no XSD validator: the file is validated against the official IATI 2.03 schema, with its codelists, by { $script } (xmllint), which the test suite runs on every change.
iati-size = IATI 2.03 XML, { $size } KB:
iati-download = Download the IATI file
iati-validation = Validation
iati-not-xml = The file is not well-formed XML.
iati-preview = Preview
iati-xml = The XML itself
iati-check-version = The document is IATI version 2.03
iati-check-identifiers = Every activity has an identifier, unique and prefixed by the reporting organisation’s
iati-check-required = Every activity has a title, a status, a sector and a start date
iati-check-countries = Country shares add up to exactly 100 in every activity
iati-check-sectors = Sector shares add up to exactly 100 in every activity
iati-root-element = the root element
iati-no-identifier = (no identifier)
# $check: what is checked; $failing: the first identifiers that fail it.
iati-passes = Passes: { $check }
iati-fails = Fails: { $check } ({ $failing })
iati-in-file = { $count ->
    [one] { $count } activity in the file
   *[other] { $count } activities in the file
}
iati-identifier = Identifier
iati-activity-title = Title
iati-status = Status
iati-countries = Countries
iati-funding-lines = Funding lines
iati-results = Results
iati-status-pipeline = Pipeline
iati-status-implementation = Implementation
iati-status-finalisation = Finalisation
iati-status-closed = Closed
iati-status-cancelled = Cancelled

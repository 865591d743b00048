# tatrack's words in English: the header rows of exported files (CSV, XLSX), sheet names
# included, and the web app's download buttons. `?headers=machine` keeps the machine names
# (`planned_start`) instead; the rows themselves are never translated.

## Sheets

column-countries = Countries
column-funding = Funding
column-institutions = Institutions
column-programmes = Programmes
column-donors = Donors
column-summary = Summary
column-events = Events

## Activities and their details

column-id = ID
column-activities = Activities
column-programme-id = Programme ID
column-programme-code = Programme code
column-kind = Type
column-status = Status
column-title = Title
column-location = Location
column-date = Date
column-planned-start = Planned start
column-planned-end = Planned end
column-delivery-start = Delivery start
column-delivery-end = Delivery end
column-female = Women
column-male = Men
column-other-or-undisclosed = Other or undisclosed
column-participants = Participants
column-version = Version
column-activity-id = Activity ID
column-country = Country
column-unattributed = Unattributed participants
column-donor = Donor
column-currency = Currency
column-amount = Amount
column-organisation-id = Organisation ID
column-institution = Institution
column-outputs = Outputs

## Programmes and donors

column-code = Code
column-name = Name
column-thematic-area = Thematic area
column-recorded-as = Recorded as

## Summaries (one row per figure)

column-scope-type = Scope type
column-scope = Scope
column-from = From
column-to = To
column-kind-filter = Activity type filter
column-as-of = As of
column-as-of-position = As of log position
column-measure = Measure
column-dimension = Dimension
column-category = Category
column-subcategory = Subcategory
column-value = Value

## The audit log

column-seq = Chain link
column-position = Log position
column-recorded-at = Recorded at
column-aggregate-type = Record type
column-aggregate-id = Record ID
column-sequence = Record sequence
column-event-type = Event type
column-event-version = Event version
column-actor = Actor
column-role = Role
column-request-id = Request ID
column-reason = Reason
column-idempotency-key = Idempotency key
column-payload = Payload
column-metadata = Metadata
column-link = Chain hash


## IATI files: tatrack's own words, one narrative per language (what people wrote stays as written)

# The description of an activity recorded without one. $kind: the activity's kind (code);
# $location: where it took place, as recorded.
iati-kind-in-location = { $kind ->
    [training] Training in { $location }
    [workshop] Workshop in { $location }
    [legislative_assistance] Legislative assistance in { $location }
    [pre_accession_support] Pre-accession support in { $location }
    [assessment_mission] Assessment mission in { $location }
    [expert_group_meeting] Expert group meeting in { $location }
    [mentoring] Mentoring in { $location }
    [joint_operation_support] Joint operation support in { $location }
    [e_learning] E-learning module in { $location }
    [publication] Publication in { $location }
   *[other] Activity in { $location }
}
# The title of an output's result, and of its indicator.
iati-output-law-drafted = Law drafted
iati-output-law-amended = Law amended
iati-output-strategy-adopted = Strategy adopted
iati-output-accession-deposited = Instrument of accession deposited
iati-output-manual-published = Manual published
iati-output-network-established = Network established
iati-output-other = Other output
iati-people-trained = People trained
iati-people-trained-description = Distinct people on the activity's attendance list, each counted once. Counts by sex and age band are given for groups of five people or more only; no personal data is published.

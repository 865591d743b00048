# tatrack's words in English: the adviser's pages (planning an activity, the activity page and
# its actions, the activity lists, the import page, what the outbox keeps), delivery modes and
# the API's field names. Read by js/i18n.js; fr and es translate the same ids.

## The closed lists: each code the API uses, in words

vocab-delivery-mode = { $mode ->
    [in_person] In person
    [online] Online
    [hybrid] Hybrid
   *[other] { $mode }
}
# $field: a field of a command or of the record, as the API names it (history, kept changes).
vocab-field = { $field ->
    [programme_id] Programme
    [kind] Kind
    [title] Title
    [countries] Countries
    [location] Location
    [planned_start] Planned start
    [planned_end] Planned end
    [description] Description
    [start] Started
    [end] Ended
    [mode] Mode
    [female] Women
    [male] Men
    [other_or_undisclosed] Other or undisclosed
    [by_institution] By institution
    [by_country] By country
    [participants] Participants
    [delivery] Delivery
    [funding] Funding
    [outputs] Outputs
    [output] Output
    [line] Funding line
    [donor] Donor
    [amount] Amount
    [currency] Currency
    [reason] Reason
    [changes] Changes
    [status] Status
   *[other] { $field }
}

## Choosing countries

activity-country-placeholder = Type a name or ISO code
activity-country-chosen = Chosen countries
activity-country-add = Add
activity-country-remove = Remove { $country }
# $typed: what was typed; $some: up to four countries whose names start so.
activity-country-ambiguous = "{ $typed }" could be { $some }: type more of the name.
activity-country-ambiguous-more = "{ $typed }" could be { $some } and others: type more of the name.
activity-country-unknown = No country is called "{ $typed }": type its name or its ISO code, such as BOL.
# $country: "Kenya (KEN)"; $yours: the adviser's countries.
activity-country-not-yours = { $country } is not one of your countries ({ $yours }).

## Planning an activity

plan-title = Plan an activity
plan-programme = Programme
plan-programme-choose = Choose a programme
plan-kind = Kind
plan-kind-choose = Choose a kind
plan-activity-title = Title
plan-countries = Countries
plan-countries-hint = One country, or several for a regional activity.
plan-location = Location
plan-location-hint = City or venue; "online" for remote activities.
plan-start = Planned start
plan-end = Planned end
plan-description = Description
plan-submit = Plan the activity
plan-missing-programme = Choose the programme the activity belongs to.
plan-missing-kind = Choose what kind of activity it is.
plan-missing-title = Give the activity a title.
plan-missing-location = Say where it takes place: a city or venue, or "online".
plan-missing-start = Give the day it is planned to start.
plan-missing-end = Give the day it is planned to end.
plan-missing-countries = Add the country where it takes place (several for a regional activity).
plan-end-before-start = The planned end falls before the planned start.

## The activity page: its record

activity-not-found = No activity is recorded under id { $id }.
activity-kept = Kept on this device ({ $count })
# $count: how many changes kept on this device wait to be sent for this activity.
activity-pending = { $count ->
    [one] Shown as it will be once the change kept on this device is sent.
   *[other] Shown as it will be once the { $count } changes kept on this device are sent.
}
# $recorded: the date and time of that version.
activity-past = As it stood at version { $version }, recorded { $recorded }.
activity-show-current = Show the current state
activity-actions = What you can do now
activity-fact-status = Status
activity-fact-status-waiting = waiting to send
activity-fact-programme = Programme
activity-fact-kind = Kind
activity-fact-countries = Countries
activity-fact-location = Location
activity-fact-planned = Planned
activity-fact-delivered = Delivered
# $days: the dates delivered; $mode: in person, online or hybrid.
activity-fact-delivered-value = { $days } ({ $mode })
activity-fact-participants = Participants
activity-fact-participants-value = { $total } (women { $female }, men { $male }, other or undisclosed { $other })
activity-funding-entry = { $donor }: { $amount }
activity-output-entry = { $kind }: { $description }
activity-fact-funding = Funding
activity-fact-outputs = Outputs
activity-fact-cancelled-because = Cancelled because
activity-fact-voided-because = Voided because
activity-fact-description = Description
activity-fact-version = Version
# $now: the version on the server; $then: the version once the kept changes are sent.
activity-fact-version-pending = { $now } now, { $then } once sent

## The activity page: what can be done, each a form

activity-action-reschedule = Reschedule
activity-action-record-delivery = Record delivery
activity-action-fix-delivery = Fix the delivery dates or mode
activity-action-record-participants = Record participants
activity-action-amend-participants = Amend the participants
activity-action-attribute-funding = Attribute funding
activity-action-withdraw-funding = Withdraw funding
activity-action-record-output = Record an output
activity-action-correct = Correct the planned details
activity-action-cancel = Cancel the activity
activity-action-report = Report and lock
activity-action-amend-delivery = Amend the delivery, with a reason
activity-action-amend-funding = Amend a funding line
activity-action-amend-output = Amend an output
activity-action-remove-output = Remove an output recorded in error
activity-action-void = Void this record
activity-reason = Reason
activity-reason-optional = Optional.
activity-reason-kept-hint = Kept in the history with the old and new values.
activity-reason-amendment = Reason for the amendment
activity-reason-correction = Reason for the correction
activity-reason-removal = Reason for the removal
activity-reason-void = Why it is void
activity-reschedule-start = New start
activity-reschedule-end = New end
activity-delivery-started = Started
activity-delivery-ended = Ended
activity-delivery-mode = Mode
activity-fix-delivery-hint = Replaces the delivery recorded before, while the activity is not reported; no reason is asked.
activity-amend-delivery-hint = An amendment keeps its reason and the old and new values in the history; once the activity is reported, it is the only way to change the delivery.
activity-participants-women = Women
activity-participants-men = Men
activity-participants-other = Other or undisclosed
activity-participants-by-institution = By institution (optional)
activity-participants-by-country = By country (optional, regional activity)
# $sum: the participants; $institutions and $countries: the breakdowns' totals (0 when empty).
activity-participants-total = Total: { $sum ->
    [one] { $sum } participant
   *[other] { $sum } participants
}{ $institutions ->
    [0] {""}
   *[other] ; institutions: { $institutions }
}{ $countries ->
    [0] {""}
   *[other] ; countries: { $countries }
}
activity-participants-institutions-exceed = The institutions add up to { $parts }, more than the { $sum } participants.
activity-participants-countries-exceed = The countries add up to { $parts }, more than the { $sum } participants.
activity-funding-donor = Donor
activity-funding-donor-hint = Choose a registered organisation, or type the donor's name as recorded.
activity-funding-currency = Currency
activity-funding-amount = Amount
activity-funding-line = Funding line
# $decimals: how many decimals the currency has; $currency: its code.
activity-amount-hint = { $decimals ->
    [0] No decimals for { $currency }.
    [one] Up to { $decimals } decimal for { $currency }.
   *[other] Up to { $decimals } decimals for { $currency }.
}
# $example: an amount written as the reader's language writes it.
activity-amount-invalid = { $decimals ->
    [0] Write the amount as a number without decimals, such as { $example }.
    [one] Write the amount as a number with at most { $decimals } decimal, such as { $example }.
   *[other] Write the amount as a number with at most { $decimals } decimals, such as { $example }.
}
activity-output-kind = Kind of output
activity-output-description = Description
activity-output-which = Output
activity-void-explained = Voiding is for a duplicate or a record made by mistake: the activity then counts in no figure, and stays in its history and the audit log. It cannot be undone.
activity-report-explained = Reporting locks this record: afterwards it changes only through an amendment or a correction, each with a reason. It will lock:
activity-report-delivery = Delivery: { $delivery }
activity-report-participants = Participants: { $participants }
activity-report-funding = Funding: { $funding }
activity-report-outputs = Outputs: { $outputs }
activity-report-delivery-none = Delivery: none
activity-report-participants-none = Participants: none recorded
activity-report-funding-none = Funding: none

## The activity page: its history

activity-history-title = History
activity-history-at-instant = Show the activity at an instant
activity-history-as-of = As it stood at (UTC)
activity-history-show = Show
activity-history-as-it-stood = (as it stood then)
# $actor: who recorded it; $role: adviser, manager, donor, admin, or none.
activity-history-by = { $role ->
    [adviser] { $actor } (adviser)
    [manager] { $actor } (manager)
    [donor] { $actor } (donor)
    [admin] { $actor } (admin)
   *[none] { $actor }
}
activity-history-someone = unknown
activity-history-version = version { $version }
activity-history-reason = Reason: { $reason }
activity-history-field = { $field }:
activity-history-nothing = nothing

## The activity lists ("My activities", and the lists a dashboard's figures open)

list-title-mine = My activities
list-title = Activities
list-needs-doing = Needs doing ({ $count })
list-needs-doing-none = Nothing is waiting for you.
list-next-step-overdue = Past its planned dates: record the delivery, reschedule or cancel it.
list-next-step-report = Delivered but not reported yet.
list-column-activity = Activity
list-column-kind = Kind
list-column-countries = Countries
list-column-date = Date
list-column-status = Status
list-column-participants = Participants
list-column-next-step = Next step
list-filters-summary = Filter the list
list-filters-label = Filter activities
list-filter-status = Status
list-filter-status-any = Any status
list-filter-country = Country
list-filter-country-any = Any country
list-filter-programme = Programme
list-filter-programme-any = Any programme
list-filter-from = From
list-filter-to = To
list-filters-show = Show
list-filters-clear = Clear
# $filters: the filters a dashboard's link set that the form does not show.
list-filters-also = Also filtered by { $filters }.
list-filter-by-kind = kind { $kind }
list-filter-by-donor = donor { $donor }
list-filters-remove = Remove these filters
list-search-label = Search activities
list-search-hint = Words of a title, place, description, output or donor
list-search-button = Search
list-matching = Matching activities
list-all = All activities in your scope
# What the download buttons save: "Download these activities".
list-download-what = these activities
list-shown = { $count } shown.
list-shown-more = { $count } shown, more available.
list-none = No activity matches.
list-show-more = Show more
# What a dashboard's figure counts, named in the list it opens.
list-figure-activities = Activities counted (neither cancelled nor voided)
list-figure-participants = Participants
list-figure-female = Women
list-figure-male = Men
list-figure-other = Participants of another or undisclosed sex
list-figure-unattributed = Participants not attributed to a country
list-figure-institution = Participants from { $institution }
list-figure-outputs = Outputs
list-figure-output = Outputs: { $output }
list-figure-funding = Funding from { $donor } in { $currency }
list-figure-every-activity = Show every activity of these filters instead
# $figure: what the figure counts; $count: the activities listed; $complete: yes when every one is shown.
list-figure-note = The dashboard figure “{ $figure }”: { $count ->
    [one] { $count } activity
   *[other] { $count } activities
}{ $complete ->
    [yes] .
   *[no] {" "}so far; show more for the rest.
}
# $sum: what they add up to.
list-figure-note-sum = The dashboard figure “{ $figure }”: { $count ->
    [one] { $count } activity
   *[other] { $count } activities
}, adding up to { $sum }{ $complete ->
    [yes] .
   *[no] {" "}so far; show more for the rest.
}

## Importing past activities

import-title = Import past activities
import-intro = Bring in activities recorded elsewhere, one row per activity, from a CSV or XLSX file. Every row goes through the same rules as a form.
import-template = The template, with an example row in your scope:
import-template-csv = Template (CSV)
import-template-xlsx = Template (XLSX)
import-form-label = The file to import
import-file = Your file (CSV or XLSX)
import-file-hint = One row per activity, with the template's columns. Checking writes nothing: you see each row's outcome first.
import-partial = Write the valid rows even when others have problems (otherwise nothing is written unless every row is right)
import-check = Check the file
import-file-missing = Choose the CSV or XLSX file to import.
import-sending = Sending the file…
import-sending-share = Sending the file… { $percent }%
import-checking = Checking every row…
import-writing = Checking and writing every row…
import-rows-caption = Each row of the file (row 1 is the header)
import-column-row = Row
import-column-outcome = Outcome
import-column-activity = Activity
import-column-problems = Problems
import-no-problems = None
# $outcome: what became of a row.
import-outcome = { $outcome ->
    [would_import] Can be imported
    [invalid] Has problems: not written
    [imported] Imported
    [already_imported] Already imported: nothing new
    [failed] Refused while writing
   *[other] { $outcome }
}
import-open-activity = Open row { $row }'s activity
# $column: the column in words; $header: as the file's header names it; $detail: what is wrong.
import-problem-column = { $column }: { $detail }
import-problem-cell = { $problem } (the cell reads "{ $value }")
import-checked = { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
} checked: { $ready } can be imported, { $invalid } with problems. Nothing was written.
# $before: rows imported by an earlier file; $unwritten: rows with problems or refused.
import-done = Done: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}, { $imported } imported{ $before ->
    [0] {""}
   *[other] , { $before } already imported before
}{ $unwritten ->
    [0] {""}
   *[other] , { $unwritten } not written
}.
import-refused = { $total ->
    [one] { $total } problem
   *[other] { $total } problems
} in the file: nothing was written. Put the rows right and check the file again.
import-first-listed = The first { $listed } are listed.
import-all-or-none = Import writes all rows or none: put the rows with problems right and check the file again, or tick "Write the valid rows".
import-valid-rows = { $rows ->
    [one] Import the { $rows } row without problems
   *[other] Import the { $rows } rows without problems
}
import-activities = { $count ->
    [one] Import { $count } activity
   *[other] Import { $count } activities
}
import-see-activities = See the activities

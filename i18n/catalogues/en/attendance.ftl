# tatrack's words in English: participants as people (issue 28): the activity page's attendance
# list and its forms, the attendance-sheet import, a participant's page, and the dashboard's
# "People trained" card (js/attendees.js, participants.js, sheet.js, participant.js, trained.js).

## A person's categories (attendees.js)

participant-sex-female = Female
participant-sex-male = Male
participant-sex-other = Other or undisclosed
participant-age-under-18 = Under 18
participant-age-18-24 = 18–24
participant-age-25-34 = 25–34
participant-age-35-44 = 35–44
participant-age-45-54 = 45–54
participant-age-55-64 = 55–64
participant-age-65-and-over = 65 and over
participant-age-not-given = Not given
# The Washington Group short set: each domain, and the four answers.
participant-wg-seeing = Difficulty seeing, even if wearing glasses
participant-wg-hearing = Difficulty hearing, even if using a hearing aid
participant-wg-walking = Difficulty walking or climbing steps
participant-wg-remembering = Difficulty remembering or concentrating
participant-wg-self-care = Difficulty with self-care, such as washing or dressing
participant-wg-communicating = Difficulty communicating, such as understanding or being understood
participant-wg-no-difficulty = No difficulty
participant-wg-some-difficulty = Some difficulty
participant-wg-a-lot-of-difficulty = A lot of difficulty
participant-wg-cannot-do-at-all = Cannot do at all
participant-wg-not-asked = Not asked
participant-wg-title = Disability (Washington Group questions, optional)
participant-wg-hint = Ask all six questions or none. Leave them unanswered if the person prefers not to say.
participant-wg-all-or-none = Answer all six questions, or none of them.
participant-wg-not-given = Not given
participant-match-why-email = same e-mail
participant-match-why-name = same name, country and institution
participant-ground-subject-request = The person asked to be erased
participant-ground-consent-withdrawn = The person withdrew their consent
participant-ground-no-longer-needed = No longer needed for its purpose
participant-ground-unlawful = Held unlawfully
participant-ground-legal-obligation = A legal obligation to erase
participant-erased-name = Erased participant

## The fields of a person

participant-name = Name
participant-sex = Sex
participant-age-band = Age
participant-institution = Institution
participant-country = Country
participant-function = Function
participant-function-hint = Job title, for example "Public prosecutor".
participant-email = E-mail
participant-phone = Phone
participant-disability = Disability
participant-choose = Choose…
participant-not-given = Not given
participant-yes = Yes
participant-no = No
participant-consent-purpose = Consent given for
participant-consent-purpose-hint = What the person agreed their data is held for.
participant-consent-purpose-default = Training records and anonymous reporting to donors
participant-consent-date = Consent given on
participant-pre-score = Test before
participant-post-score = Test after
participant-score-hint = 0 to 100; leave empty if there was no test.
participant-score-invalid = Write a whole number from 0 to 100, or leave it empty.
participant-missing-name = Write the person's name.
participant-missing-sex = Choose the person's sex (or "Other or undisclosed").
participant-missing-country = Choose the person's country.
participant-missing-purpose = Say what the person gave consent for.
participant-missing-date = Give the date the person gave consent.

## The activity page's participants (participants.js)

attendance-title = Participants
attendance-loading = Loading the list of participants…
attendance-none = No list of participants yet. Add people one by one or import an attendance sheet; the list then fills the count of participants.
attendance-caption = { $count ->
    [one] { $count } person on the list
   *[other] { $count } people on the list
}
attendance-add = Add a participant
attendance-check-and-add = Check and add
attendance-add-button = Add to the list
attendance-match-legend = { $count ->
    [one] Someone already registered may be this person. Is it the same person?
   *[other] People already registered may be this person. Is one of them the same person?
}
attendance-match-same = The same person: { $name } ({ $why })
attendance-match-not-same = Not the same: register a new person
attendance-match-choose = Say whether this is the same person or a new one.
attendance-reason = Why the list changes
attendance-reason-hint = The activity is reported: the change is kept in its history with this reason.
attendance-reason-missing = Say why the list of a reported activity changes.

## Importing an attendance sheet (sheet.js)

sheet-title = Import an attendance sheet
sheet-intro = The sheet is checked first and nothing is written: you see each row, its problems and the people already registered it may be. Only the last button registers the new people and records the list.
sheet-file = Attendance sheet (CSV or XLSX)
sheet-file-hint = A header row, then one person a row. Columns: { $columns }.
sheet-file-missing = Choose the attendance sheet to check.
sheet-consent-hint = What everyone on the sheet agreed their data is held for.
sheet-check = Check the sheet
sheet-checking = Checking the sheet…
sheet-checked = { $rows ->
    [one] 1 row read
   *[other] { $rows } rows read
}: { $problems } with problems, { $matches } with people who may already be registered. Nothing was written.
sheet-rows-caption = The rows of the sheet
sheet-column-row = Row
sheet-column-person = Person
sheet-column-scores = Tests
sheet-column-problems = Problems
sheet-column-same = Already registered?
sheet-scores = Before { $before }, after { $after }
sheet-no-problems = None
sheet-problem-field = { $field }: { $detail }
sheet-new-person = A new person
sheet-same = The same person: { $name } ({ $why })
sheet-not-same = Not the same: a new person
sheet-choose = Say whether this is the same person or a new one.
sheet-fix-first = Put the sheet right and check it again: nothing is recorded while a row has problems.
sheet-record = { $count ->
    [one] Record the attendance of 1 person
   *[other] Record the attendance of { $count } people
}
sheet-registering = Registering row { $row } of { $rows }…
sheet-recording = Recording the list…

## A participant's page (participant.js)

participant-erased-notice = This person was erased: who they were is no longer known. Their categories still count in the figures.
participant-consent = Consent
participant-consent-value = { $purpose } (given on { $date })
participant-has-disability = Has a disability (a lot of difficulty, or cannot do at all, in at least one domain).
participant-has-no-disability = No disability by the Washington Group cut-off.
participant-merged-into = Same person as
participant-merged-into-link = the record this one was merged into
participant-activities = Activities attended
participant-activities-caption = { $count ->
    [one] 1 activity
   *[other] { $count } activities
}
participant-activity = Activity
participant-dates = Dates
participant-no-activities = No activity yet.
participant-actions = What a manager can do
participant-subject-access = Download everything held
participant-subject-access-hint = One JSON file, for a person who asks what is held about them. The download is kept in the audit feed.
participant-merge = Merge into another record
participant-merge-hint = This person and another record are the same person: they will count once.
participant-merge-into = The other record
participant-merge-into-hint = Its id, or the address of its page.
participant-merge-into-missing = Give the record this person is the same as.
participant-merge-into-self = A record cannot be merged into itself.
participant-split = Split from the merged record
participant-split-hint = The merge was a mistake: the two records count as two people again.
participant-reason = Reason
participant-reason-missing = Give the reason.
participant-erase = Erase
participant-erase-hint = Erasing destroys the key of this person's data: their name, e-mail, phone and function can never be read again, here or in any backup. Their categories stay, so figures do not change. Copies someone downloaded before are not erased.
participant-erase-ground = Ground for erasure
participant-erase-ground-missing = Choose the ground for erasure.
participant-erase-confirm = I understand that this cannot be undone.
participant-erase-confirm-missing = Tick the box to confirm the erasure.

## The dashboard's card (trained.js)

trained-title = People trained
trained-fewer-than = fewer than { $below }
trained-not-shown = not shown
trained-distinct = { $count ->
    [one] different person trained
   *[other] different people trained
}
trained-group = Group
trained-people = People
trained-by-sex = By sex
trained-by-age = By age
trained-more = Disability and repeat training
trained-with-disability = With a disability
trained-more-than-once = Trained more than once
trained-gain = Knowledge gain: { $gain } points on average between the tests before and after, over { $trainings ->
    [one] 1 training
   *[other] { $trainings } trainings
}.
trained-gain-none = Knowledge gain: no training with tests before and after.
trained-note = Counted over the activities with a list of participants, each person once.
trained-suppressed-note = Counted over the activities with a list of participants, each person once. Groups of fewer than { $below } people are not shown, nor, beside a lone one, the next smallest group, so that no one can be identified or worked out from a total.

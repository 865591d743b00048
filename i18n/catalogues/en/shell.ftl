# tatrack's words in English: the shell (header, navigation, sign-in, outbox).
# Read by js/i18n.js with @fluent/bundle; the other catalogues translate these ids.
# The other pages are English in the code for now (issue 27).

## The page's frame and the header

skip-to-content = Skip to content
nav-label = Main
language-label = Language
nav-my-activities = My activities
nav-plan = Plan an activity
nav-import = Import
nav-dashboard = Dashboard
nav-results = Results
nav-activities = Activities
nav-report = Annual report
nav-audit = Audit
nav-iati = IATI
nav-people = People
nav-tokens = Tokens
# $name: who signed in; $role: adviser, manager, donor, admin, or none.
nav-who = { $name } ({ $role ->
    [adviser] adviser
    [manager] manager
    [donor] donor
    [admin] admin
   *[none] no role yet
})
sign-out = Sign out

## The outbox's count in the header: changes kept on this device

outbox-waiting = { $waiting ->
    [one] { $waiting } waiting to send
   *[other] { $waiting } waiting to send
}
outbox-refused = { $refused ->
    [one] { $refused } refused
   *[other] { $refused } refused
}
outbox-waiting-and-refused = { outbox-waiting }, { outbox-refused }

## Signing in

signin-title = Sign in
signin-intro = tatrack records technical-assistance activities from plan to report.
signin-form-label = Sign in with a token
signin-token = Your access token
signin-token-hint = Paste the token you were given once; it is exchanged for a session and not kept in the browser.
signin-button = Sign in
signin-token-missing = Paste your token first.
# $reason: what the identity provider or the server said.
signin-failed = Signing in did not work: { $reason }
signin-provider = Sign in with { $provider }
signin-other-ways = Other ways to sign in

## Signed in without a role

no-role-title = No role yet
no-role-signed-in = You are signed in as { $name }, but no role has been granted to you yet.
no-role-signed-in-email = You are signed in as { $name } ({ $email }), but no role has been granted to you yet.
no-role-ask = Ask an administrator of tatrack to grant you one (or to your team’s group); then sign in again.

## Offline

# $when: the date and time the page's data was fetched.
offline-notice = Offline: this page shows what this device kept, fetched { $when }.

## The outbox page: changes made offline

outbox-title = Kept on this device
outbox-intro = Changes made without a connection wait here, in the order they were made, and are sent as soon as the connection is back. Refused ones stay, with the reason, until you put them right or discard them.
outbox-empty = Nothing is waiting: everything was sent.
outbox-send-now = Send now
outbox-discard-confirm = Discard "{ $label }" for { $title }? It will not be sent.
outbox-state-waiting = Waiting to send
outbox-state-refused = Refused by the server: { $reason }
outbox-made = Made { $made }
outbox-made-edited = Made { $made }, edited { $edited }
outbox-put-right = Put it right
outbox-edit-before = Edit before it is sent
outbox-edit-label = Edit { $label }
outbox-list-hint = Separated by commas.
outbox-save = Save and send again
outbox-discard = Discard

## Pages that cannot be shown

not-found-title = Not found
not-found = There is no such page.
not-found-start = Go to the start.
went-wrong-title = Something went wrong

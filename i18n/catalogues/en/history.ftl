# tatrack's words in English: an activity's and a programme's history, told event by event
# (app/src/history/narration.rs). Codes come as $kind, $mode, $output_kind, $area; each
# language selects its words on them (the words as the history always wrote them: the code's
# words, underscores as spaces).

history-kind-word = { $kind ->
    [training] training
    [workshop] workshop
    [legislative_assistance] legislative assistance
    [pre_accession_support] pre accession support
    [assessment_mission] assessment mission
    [expert_group_meeting] expert group meeting
    [mentoring] mentoring
    [joint_operation_support] joint operation support
    [e_learning] e learning
    [publication] publication
   *[other] { $kind }
}
history-mode-word = { $mode ->
    [in_person] in person
    [online] online
    [hybrid] hybrid
   *[other] { $mode }
}
history-output-word = { $output_kind ->
    [law_drafted] law drafted
    [law_amended] law amended
    [strategy_adopted] strategy adopted
    [accession_deposited] accession deposited
    [manual_published] manual published
    [network_established] network established
   *[other] other
}
history-area-word = { $area ->
    [organized_crime] organized crime
    [trafficking_in_persons] trafficking in persons
    [smuggling_of_migrants] smuggling of migrants
    [firearms] firearms
    [corruption] corruption
    [money_laundering] money laundering
    [cybercrime] cybercrime
    [terrorism_prevention] terrorism prevention
    [drugs] drugs
    [crime_prevention] crime prevention
    [wildlife_and_forest_crime] wildlife and forest crime
   *[other] { $area }
}


## An activity's events

history-planned = Planned { history-kind-word } '{ $title }' in { $countries } ({ $location }), { $start } to { $end }
history-rescheduled = Rescheduled to { $start } to { $end }
history-delivered = Delivered { $start } to { $end } ({ history-mode-word })
# $total, $female, $male, $other: counts of people.
history-people = { $total } participants ({ $female } female, { $male } male, { $other } other or undisclosed)
history-participants = Recorded { $people }
history-attendance = Recorded the attendance list: { $count ->
        [one] one person
       *[other] { $count } people
    }{ $confirmed ->
        [0] {""}
        [one] , one of them confirmed as someone already registered
       *[other] , { $confirmed } of them confirmed as people already registered
    }
history-funding = Attributed { $amount } { $currency } of funding from { $donor }
history-funding-withdrawn = Withdrew all funding from { $donor }
history-output = Recorded output { history-output-word }: { $description }
# $fields: the corrected fields' names, joined with commas.
history-corrected = Corrected { $fields }
history-cancelled = Cancelled
history-reported = Reported; the record is locked
history-delivery-amended = Amended the delivery: { $fields }
history-participants-amended = Amended the participants to { $people }
history-funding-amended = Amended funding line { $line } to { $amount } { $currency } from { $donor }
history-output-amended = Amended output { $output }: { history-output-word }: { $description }
history-output-removed = Removed output { $output }, recorded in error
history-output-removed-described = Removed output { $output } ({ history-output-word }: { $description }), recorded in error
# $event: the event as the code names it.
history-event = An event tatrack has no words for yet: { $event }
history-voided = Voided: the record counts nowhere from now on

## A programme's events

history-programme-registered = Registered { $code } '{ $name }' ({ history-area-word })
history-contribution = Received { $amount } { $currency } from { $donor } on { $date }
history-outcome = Defined outcome '{ $name }'
history-indicator = Defined indicator '{ $name }'
history-indicator-revised = Revised indicator '{ $name }': { $reason }
history-actual = Reported { $value } for { $year } of indicator { $indicator }: { $reason }

# Participants (people who attended activities).
participant-erased = erased participant
participant-subject-access-note = Everything tatrack holds about this person: their details (opened with their own key), the categories they are counted by, the consent and its purpose, and the activities they attended with their test scores. Event metadata names who recorded each change.

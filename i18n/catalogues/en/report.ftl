# en: report (issue 27): the annual report's activity statistics, in United Nations English.
# Counts up to ten arrive as words ($words), larger ones as grouped figures; $count selects the
# form. States arrive with their article ("the Niger").

## Dates: "20 October 2019", "20 to 24 October 2019", "28 October to 1 November 2019",
## "30 December 2019 to 3 January 2020".
report-date = { $day } { $month } { $year }
report-dates-in-month = { $start-day } to { $end-day } { $month } { $year }
report-dates-in-year = { $start-day } { $start-month } to { $end-day } { $end-month } { $year }
report-dates-across-years = { $start } to { $end }

## The report's frame.
report-title = Activity statistics, { $dates }
report-scope = Activities delivered from { $dates } ({ $programmes }).
report-scope-donor = Activities delivered from { $dates } ({ $programmes }, activities funded by { $donor }).
report-all-programmes = all programmes
report-nothing-delivered = No activity was delivered in this period.
report-programmes = Programmes: { $programmes }.
report-basis = Computed from the event log up to link { $seq } of the hash chain (event position { $position }, chain hash { $link }). `tatrack report --verify` recomputes every figure from the log at that point and says whether it still holds.
report-basis-as-of = Computed from the event log up to link { $seq } of the hash chain (event position { $position }, chain hash { $link }), counting only events recorded by { $as-of }. `tatrack report --verify` recomputes every figure from the log at that point and says whether it still holds.
report-signed = That link is signed with the Ed25519 key { $key-id } at { $signed-at } (signature { $signature }); `tatrack report --verify --public-key` checks the signature.
report-evidence = Evidence
report-evidence-entry = { $label } ({ $id }): { $query }. Activities: { $activities }.
report-activity-dates = { $title } ({ $dates })

## Thematic areas, as headings.
report-area = { $area ->
    [organized_crime] Organized crime
    [trafficking_in_persons] Trafficking in persons
    [smuggling_of_migrants] Smuggling of migrants
    [firearms] Firearms
    [corruption] Corruption
    [money_laundering] Money laundering
    [cybercrime] Cybercrime
    [terrorism_prevention] Terrorism prevention
    [drugs] Drugs
    [crime_prevention] Crime prevention
    [wildlife_and_forest_crime] Wildlife and forest crime
   *[other] { $words }
}

## Kinds of activity: as a label ("workshop"), counted ("two workshops").
report-kind = { $kind ->
    [pre_accession_support] pre-accession support
    [legislative_assistance] legislative assistance
    [assessment_mission] assessment mission
    [training] training
    [mentoring] mentoring
    [joint_operation_support] joint operation support
    [e_learning] e-learning
    [publication] publication
    [workshop] workshop
    [expert_group_meeting] expert group meeting
   *[other] { $words }
}
report-kind-count = { $words } { $kind ->
    [pre_accession_support] { $count ->
        [one] pre-accession support activity
       *[other] pre-accession support activities
    }
    [legislative_assistance] { $count ->
        [one] legislative assistance activity
       *[other] legislative assistance activities
    }
    [assessment_mission] { $count ->
        [one] assessment mission
       *[other] assessment missions
    }
    [training] { $count ->
        [one] training
       *[other] trainings
    }
    [mentoring] { $count ->
        [one] mentoring activity
       *[other] mentoring activities
    }
    [joint_operation_support] { $count ->
        [one] joint operation supported
       *[other] joint operations supported
    }
    [e_learning] { $count ->
        [one] e-learning course
       *[other] e-learning courses
    }
    [publication] { $count ->
        [one] publication
       *[other] publications
    }
    [workshop] { $count ->
        [one] workshop
       *[other] workshops
    }
   *[expert_group_meeting] { $count ->
       [one] expert group meeting
      *[other] expert group meetings
   }
}

## Figures' labels.
report-label-activities = Activities delivered
report-label-states = States assisted
report-label-kind-activities = Activities of kind { $kind }
report-label-kind-states = States reached by { $kind }
report-label-kind-in-state = { $kind } { $in-state }
report-label-event = Event: { $title }
report-label-participants = Participants
report-label-institution = Participants from { $institution }
report-label-output = Outputs: { $output }
report-label-funding = Funding from { $donor } in { $currency }

## The paragraph of an area.
report-activities = { $words } { $count ->
    [one] activity
   *[other] activities
}
report-states = { $words } { $count ->
    [one] State
   *[other] States
}
report-opening = From { $dates }, under { $programmes }, { $activities } { $count ->
    [one] was
   *[other] were
} delivered, reaching { $states }.
report-comprised = They comprised { $kinds }.
report-kind-sentence = { $kind ->
    [pre_accession_support] Pre-accession support was provided to { $states }.
    [legislative_assistance] Legislative assistance was provided to { $states }.
    [assessment_mission] { $count ->
        [one] An assessment mission was carried out in { $states }.
       *[other] Assessment missions were carried out in { $states }.
    }
    [training] { $count ->
        [one] A training reached practitioners from { $states }.
       *[other] Trainings reached practitioners from { $states }.
    }
    [mentoring] Mentoring was provided in { $states }.
    [joint_operation_support] Joint operations were supported in { $states }.
    [e_learning] E-learning courses reached { $states }.
    [publication] Publications were prepared for { $states }.
    [workshop] { $count ->
        [one] A workshop was held for { $states }.
       *[other] Workshops were held for { $states }.
    }
   *[expert_group_meeting] { $count ->
        [one] An expert group meeting was held for { $states }.
       *[other] Expert group meetings were held for { $states }.
    }
}
report-event-title = “{ $title }”
report-event-held = { $title } was held in { $location }
report-event-on = on { $dates }
report-event-from = from { $dates }
report-event-in-state = ({ $state })
report-event-states = , bringing together { $states }: { $names }
report-further-events = { $words } further { $count ->
    [one] event is
   *[other] events are
} listed with the figures.
report-participants-count = { $words } { $count ->
    [one] participant
   *[other] participants
}
report-took-part = In all, { $participants } took part ({ $by-sex })
report-by-sex = { $women }, { $men }
report-by-sex-other = { $women }, { $men } and { $other } not recorded by sex
report-women = { $words } { $count ->
    [one] woman
   *[other] women
}
report-men = { $words } { $count ->
    [one] man
   *[other] men
}
report-among-them = , among them { $institutions }
report-institution-count = { $words } { $institution ->
    [police] { $count ->
        [one] police officer
       *[other] police officers
    }
    [prosecutors] { $count ->
        [one] prosecutor
       *[other] prosecutors
    }
    [judges] { $count ->
        [one] judge
       *[other] judges
    }
    [customs] { $count ->
        [one] customs officer
       *[other] customs officers
    }
    [border_guards] { $count ->
        [one] border guard
       *[other] border guards
    }
    [financial_intelligence] { $count ->
        [one] financial intelligence officer
       *[other] financial intelligence officers
    }
    [civil_society] { $count ->
        [one] civil society representative
       *[other] civil society representatives
    }
    [government] { $count ->
        [one] government official
       *[other] government officials
    }
    [legislators] { $count ->
        [one] legislator
       *[other] legislators
    }
    [academia] { $count ->
        [one] academic
       *[other] academics
    }
    [private_sector] { $count ->
        [one] private sector representative
       *[other] private sector representatives
    }
   *[other] { $count ->
       [one] other participant
      *[other] other participants
   }
}
report-institution = { $institution ->
    [police] police
    [prosecutors] prosecutors
    [judges] judges
    [customs] customs
    [border_guards] border guards
    [financial_intelligence] financial intelligence
    [civil_society] civil society
    [government] government
    [legislators] legislators
    [academia] academia
    [private_sector] private sector
   *[other] { $words }
}
report-contributed = The activities contributed to { $outputs }.
report-output-count = { $words } { $output ->
    [law_drafted] { $count ->
        [one] law drafted
       *[other] laws drafted
    }
    [law_amended] { $count ->
        [one] law amended
       *[other] laws amended
    }
    [strategy_adopted] { $count ->
        [one] strategy adopted
       *[other] strategies adopted
    }
    [accession_deposited] { $count ->
        [one] instrument of accession deposited
       *[other] instruments of accession deposited
    }
    [manual_published] { $count ->
        [one] manual published
       *[other] manuals published
    }
    [network_established] { $count ->
        [one] network established
       *[other] networks established
    }
   *[other] { $count ->
       [one] other output
      *[other] other outputs
   }
}
report-output = { $output ->
    [law_drafted] law drafted
    [law_amended] law amended
    [strategy_adopted] strategy adopted
    [accession_deposited] accession deposited
    [manual_published] manual published
    [network_established] network established
   *[other] { $words }
}
report-output-states = { $output } ({ $states })
report-funded = The activities were funded by { $donors }.
report-donor-amounts = { $donor } ({ $amounts })
report-amount = { $currency } { $amount }


## People trained, from attendance lists (issue 28). Counts of 1 to 4 read "fewer than five".
report-label-people-trained = People trained (each counted once)
report-label-women-trained = Women trained
report-label-disability-trained = People with a disability trained
report-label-trained-again = People trained more than once
report-label-knowledge-gain = Knowledge gain (points out of 100)
report-fewer-than-five = fewer than five
report-people-distinct = { $words } different { $count ->
    [one] person
   *[other] people
}
report-people-with-disability = { $words } { $count ->
    [one] person
   *[other] people
} with a disability
report-people-count = { $words } { $count ->
    [one] person
   *[other] people
}
report-people-trained = The attendance lists name { $people }, among them { $women } and { $disabled }; { $again } took part in more than one activity.
report-points = { $points } points out of 100
report-knowledge-gain = { $direction ->
    [up] Tested before and after, participants' scores rose by { $points } on average
    [down] Tested before and after, participants' scores fell by { $points } on average
   *[same] Tested before and after, participants' scores changed by { $points } on average
} ({ $activities }).

## The web app's report page (its own words; the report's are the API's, in the report's language).
report-page-title = Annual report
report-page-intro = The activity statistics of an annual report, written from the log: every figure leads to the question that produced it and the activities behind it.
report-page-choose = Choose the period and programme
report-page-from = From
report-page-to = To
report-page-programme = Programme
report-page-all-programmes = All programmes
report-page-language = Language of the report
report-page-write = Write the report
report-page-downloads = Download this report:
report-page-docx = Word (DOCX)
report-page-html = printable page (HTML)
report-page-markdown = Markdown
report-page-json = figures (JSON)
report-page-programmes = Programmes: { $programmes }.
report-page-basis = Computed from the log up to link { $seq } of the hash chain (event position { $position }, hash { $hash }…).
report-page-nothing = No activity was delivered in this period.
report-page-evidence = Evidence
report-page-activities = { $count } { $count ->
    [one] activity
   *[other] activities
}:
report-page-dates = { $start } to { $end }

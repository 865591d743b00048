# fr: report (issue 27) : les statistiques des activités du rapport annuel, dans le français des
# documents de l'Organisation des Nations Unies. Les nombres jusqu'à dix arrivent en lettres
# ($words), les autres en chiffres ; $count choisit la forme. Les États arrivent avec leur
# article (« le Niger »).

## Dates : « 20 octobre 2019 », « du 20 au 24 octobre 2019 », « du 28 octobre au 1er novembre
## 2019 », « du 30 décembre 2019 au 3 janvier 2020 ».
report-date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
report-dates-in-month = du { $start-day ->
    [1] 1er
   *[other] { $start-day }
} au { $end-day ->
    [1] 1er
   *[other] { $end-day }
} { $month } { $year }
report-dates-in-year = du { $start-day ->
    [1] 1er
   *[other] { $start-day }
} { $start-month } au { $end-day ->
    [1] 1er
   *[other] { $end-day }
} { $end-month } { $year }
report-dates-across-years = du { $start } au { $end }

## Le cadre du rapport.
report-title = Statistiques des activités, { $dates }
report-scope = Activités menées { $dates } ({ $programmes }).
report-scope-donor = Activités menées { $dates } ({ $programmes }, activités financées par { $donor }).
report-all-programmes = tous les programmes
report-nothing-delivered = Aucune activité n'a été menée au cours de cette période.
report-programmes = Programmes : { $programmes }.
report-basis = Calculé à partir du journal des événements jusqu'au maillon { $seq } de la chaîne de hachage (position { $position } dans le journal, empreinte { $link }). `tatrack report --verify` recalcule chaque chiffre à partir du journal à ce point et indique s'il est toujours exact.
report-basis-as-of = Calculé à partir du journal des événements jusqu'au maillon { $seq } de la chaîne de hachage (position { $position } dans le journal, empreinte { $link }), en ne comptant que les événements enregistrés au { $as-of }. `tatrack report --verify` recalcule chaque chiffre à partir du journal à ce point et indique s'il est toujours exact.
report-signed = Ce maillon est signé avec la clé Ed25519 { $key-id } le { $signed-at } (signature { $signature }) ; `tatrack report --verify --public-key` vérifie la signature.
report-evidence = Justificatifs
report-evidence-entry = { $label } ({ $id }) : { $query }. Activités : { $activities }.
report-activity-dates = { $title } ({ $dates })

## Domaines thématiques, en intertitre.
report-area = { $area ->
    [organized_crime] Criminalité organisée
    [trafficking_in_persons] Traite des personnes
    [smuggling_of_migrants] Trafic illicite de migrants
    [firearms] Armes à feu
    [corruption] Corruption
    [money_laundering] Blanchiment d'argent
    [cybercrime] Cybercriminalité
    [terrorism_prevention] Prévention du terrorisme
    [drugs] Drogues
    [crime_prevention] Prévention du crime
    [wildlife_and_forest_crime] Criminalité liée aux espèces sauvages et aux forêts
   *[other] { $words }
}

## Types d'activité : en étiquette (« atelier »), comptés (« deux ateliers »).
report-kind = { $kind ->
    [pre_accession_support] soutien préalable à l'adhésion
    [legislative_assistance] assistance législative
    [assessment_mission] mission d'évaluation
    [training] formation
    [mentoring] encadrement
    [joint_operation_support] appui aux opérations conjointes
    [e_learning] apprentissage en ligne
    [publication] publication
    [workshop] atelier
    [expert_group_meeting] réunion de groupe d'experts
   *[other] { $words }
}
report-kind-count = { $kind ->
    [pre_accession_support] { $count ->
        [1] une activité de soutien préalable à l'adhésion
       *[other] { $words } activités de soutien préalable à l'adhésion
    }
    [legislative_assistance] { $count ->
        [1] une activité d'assistance législative
       *[other] { $words } activités d'assistance législative
    }
    [assessment_mission] { $count ->
        [1] une mission d'évaluation
       *[other] { $words } missions d'évaluation
    }
    [training] { $count ->
        [1] une formation
       *[other] { $words } formations
    }
    [mentoring] { $count ->
        [1] une activité d'encadrement
       *[other] { $words } activités d'encadrement
    }
    [joint_operation_support] { $count ->
        [1] une opération conjointe appuyée
       *[other] { $words } opérations conjointes appuyées
    }
    [e_learning] { $count ->
        [1] un cours en ligne
       *[other] { $words } cours en ligne
    }
    [publication] { $count ->
        [1] une publication
       *[other] { $words } publications
    }
    [workshop] { $count ->
        [1] un atelier
       *[other] { $words } ateliers
    }
   *[expert_group_meeting] { $count ->
        [1] une réunion de groupe d'experts
       *[other] { $words } réunions de groupes d'experts
    }
}

## Les intitulés des chiffres.
report-label-activities = Activités menées
report-label-states = États bénéficiaires
report-label-kind-activities = Activités de type « { $kind } »
report-label-kind-states = États bénéficiaires (type « { $kind } »)
report-label-kind-in-state = { $kind } { $in-state }
report-label-event = Manifestation : { $title }
report-label-participants = Participants
report-label-institution = Participants ({ $institution })
report-label-output = Résultats : { $output }
report-label-funding = Financement : { $donor } ({ $currency })

## Le paragraphe d'un domaine.
report-activities = { $count ->
    [1] une activité
   *[other] { $words } activités
}
report-states = { $count ->
    [1] un État
   *[other] { $words } États
}
report-opening = { $dates }, dans le cadre de { $programmes }, { $activities } { $count ->
    [1] a été menée
   *[other] ont été menées
} dans { $states }.
report-comprised = Elles comprenaient { $kinds }.
report-kind-sentence = { $kind ->
    [pre_accession_support] Un soutien préalable à l'adhésion a été fourni à { $states }.
    [legislative_assistance] Une assistance législative a été fournie à { $states }.
    [assessment_mission] { $count ->
        [1] Une mission d'évaluation a été menée dans { $states }.
       *[other] Des missions d'évaluation ont été menées dans { $states }.
    }
    [training] { $states } { $state-count ->
        [1] a
       *[other] ont
    } bénéficié { $count ->
        [1] d'une formation destinée aux praticiens.
       *[other] de formations destinées aux praticiens.
    }
    [mentoring] Un encadrement a été assuré dans { $states }.
    [joint_operation_support] Des opérations conjointes ont été appuyées dans { $states }.
    [e_learning] Des cours en ligne ont été suivis dans { $states }.
    [publication] Des publications ont été élaborées pour { $states }.
    [workshop] { $count ->
        [1] Un atelier a été organisé pour { $states }.
       *[other] Des ateliers ont été organisés pour { $states }.
    }
   *[expert_group_meeting] { $count ->
        [1] Une réunion de groupe d'experts a été organisée pour { $states }.
       *[other] Des réunions de groupes d'experts ont été organisées pour { $states }.
    }
}
report-event-title = « { $title } »
report-event-held = { $title } a eu lieu à { $location }
report-event-on = le { $dates }
report-event-from = { $dates }
report-event-in-state = ({ $state })
report-event-states = , réunissant { $states } : { $names }
report-further-events = { $count ->
    [1] une autre manifestation figure
   *[other] { $words } autres manifestations figurent
} parmi les chiffres.
report-participants-count = { $count ->
    [1] un participant
   *[other] { $words } participants
}
report-took-part = Au total, { $participants } { $count ->
    [1] a pris
   *[other] ont pris
} part aux activités ({ $by-sex })
report-by-sex = { $women }, { $men }
report-by-sex-other = { $women }, { $men } et { $other } dont le sexe n'a pas été enregistré
report-women = { $count ->
    [0] aucune femme
    [1] une femme
   *[other] { $words } femmes
}
report-men = { $count ->
    [0] aucun homme
    [1] un homme
   *[other] { $words } hommes
}
report-among-them = , dont { $institutions }
report-institution-count = { $institution ->
    [police] { $count ->
        [1] un policier
       *[other] { $words } policiers
    }
    [prosecutors] { $count ->
        [1] un procureur
       *[other] { $words } procureurs
    }
    [judges] { $count ->
        [1] un juge
       *[other] { $words } juges
    }
    [customs] { $count ->
        [1] un agent des douanes
       *[other] { $words } agents des douanes
    }
    [border_guards] { $count ->
        [1] un garde-frontière
       *[other] { $words } garde-frontières
    }
    [financial_intelligence] { $count ->
        [1] un agent du renseignement financier
       *[other] { $words } agents du renseignement financier
    }
    [civil_society] { $count ->
        [1] un représentant de la société civile
       *[other] { $words } représentants de la société civile
    }
    [government] { $count ->
        [1] un fonctionnaire
       *[other] { $words } fonctionnaires
    }
    [legislators] { $count ->
        [1] un parlementaire
       *[other] { $words } parlementaires
    }
    [academia] { $count ->
        [1] un universitaire
       *[other] { $words } universitaires
    }
    [private_sector] { $count ->
        [1] un représentant du secteur privé
       *[other] { $words } représentants du secteur privé
    }
   *[other] { $count ->
        [1] un autre participant
       *[other] { $words } autres participants
    }
}
report-institution = { $institution ->
    [police] police
    [prosecutors] parquet
    [judges] magistrature
    [customs] douanes
    [border_guards] garde-frontières
    [financial_intelligence] renseignement financier
    [civil_society] société civile
    [government] administration publique
    [legislators] parlement
    [academia] milieux universitaires
    [private_sector] secteur privé
   *[other] { $words }
}
report-contributed = Les activités ont contribué à { $outputs }.
report-output-count = { $output ->
    [law_drafted] { $count ->
        [1] une loi élaborée
       *[other] { $words } lois élaborées
    }
    [law_amended] { $count ->
        [1] une loi modifiée
       *[other] { $words } lois modifiées
    }
    [strategy_adopted] { $count ->
        [1] une stratégie adoptée
       *[other] { $words } stratégies adoptées
    }
    [accession_deposited] { $count ->
        [1] un instrument d'adhésion déposé
       *[other] { $words } instruments d'adhésion déposés
    }
    [manual_published] { $count ->
        [1] un manuel publié
       *[other] { $words } manuels publiés
    }
    [network_established] { $count ->
        [1] un réseau créé
       *[other] { $words } réseaux créés
    }
   *[other] { $count ->
        [1] un autre résultat
       *[other] { $words } autres résultats
    }
}
report-output = { $output ->
    [law_drafted] loi élaborée
    [law_amended] loi modifiée
    [strategy_adopted] stratégie adoptée
    [accession_deposited] instrument d'adhésion déposé
    [manual_published] manuel publié
    [network_established] réseau créé
   *[other] { $words }
}
report-output-states = { $output } ({ $states })
report-funded = Les activités ont été financées par { $donors }.
report-donor-amounts = { $donor } ({ $amounts })
report-amount = { $amount } { $currency }


## Personnes formées, d'après les listes de présence (issue 28). De 1 à 4 : « moins de cinq ».
report-label-people-trained = Personnes formées (chacune comptée une fois)
report-label-women-trained = Femmes formées
report-label-disability-trained = Personnes handicapées formées
report-label-trained-again = Personnes formées plus d'une fois
report-label-knowledge-gain = Gain de connaissances (points sur 100)
report-fewer-than-five = moins de cinq
report-people-distinct = { $count ->
    [1] une personne
   *[other] { $words } personnes
} distinctes
report-people-with-disability = { $count ->
    [1] une personne handicapée
   *[other] { $words } personnes handicapées
}
report-people-count = { $count ->
    [1] une personne
   *[other] { $words } personnes
}
report-people-trained = Les listes de présence recensent { $people }, dont { $women } et { $disabled } ; { $again } { $again-count ->
    [1] a participé
   *[other] ont participé
} à plus d'une activité.
report-points = { $points } points sur 100
report-knowledge-gain = { $direction ->
    [up] Entre les tests initiaux et finaux, les scores des participants ont progressé en moyenne de { $points }
    [down] Entre les tests initiaux et finaux, les scores des participants ont reculé en moyenne de { $points }
   *[same] Entre les tests initiaux et finaux, les scores des participants ont varié en moyenne de { $points }
} ({ $activities }).

## La page du rapport dans l'application (ses propres mots ; ceux du rapport viennent de l'API, dans la langue du rapport).
report-page-title = Rapport annuel
report-page-intro = Les statistiques des activités d'un rapport annuel, établies à partir du journal : chaque chiffre renvoie à la question qui l'a produit et aux activités sur lesquelles il repose.
report-page-choose = Choisir la période et le programme
report-page-from = Du
report-page-to = Au
report-page-programme = Programme
report-page-all-programmes = Tous les programmes
report-page-language = Langue du rapport
report-page-write = Établir le rapport
report-page-downloads = Télécharger ce rapport :
report-page-docx = Word (DOCX)
report-page-html = page imprimable (HTML)
report-page-markdown = Markdown
report-page-json = chiffres (JSON)
report-page-programmes = Programmes : { $programmes }.
report-page-basis = Calculé à partir du journal jusqu'au maillon { $seq } de la chaîne de hachage (position { $position }, empreinte { $hash }…).
report-page-nothing = Aucune activité n'a été menée au cours de cette période.
report-page-evidence = Justificatifs
report-page-activities = { $count ->
    [one] { $count } activité
   *[other] { $count } activités
} :
report-page-dates = du { $start } au { $end }

# tatrack en français : l’historique d’une activité et d’un programme, événement par événement.
# Les codes arrivent en $kind, $mode, $output_kind, $area ; chaque langue choisit ses mots.

history-kind-word = { $kind ->
    [training] formation
    [workshop] atelier
    [legislative_assistance] assistance législative
    [pre_accession_support] appui préalable à l’adhésion
    [assessment_mission] mission d’évaluation
    [expert_group_meeting] réunion de groupe d’experts
    [mentoring] mentorat
    [joint_operation_support] appui à une opération conjointe
    [e_learning] apprentissage en ligne
    [publication] publication
   *[other] { $kind }
}
history-mode-word = { $mode ->
    [in_person] en présentiel
    [online] en ligne
    [hybrid] hybride
   *[other] { $mode }
}
history-output-word = { $output_kind ->
    [law_drafted] loi rédigée
    [law_amended] loi modifiée
    [strategy_adopted] stratégie adoptée
    [accession_deposited] instrument d’adhésion déposé
    [manual_published] manuel publié
    [network_established] réseau établi
   *[other] autre produit
}
history-area-word = { $area ->
    [organized_crime] criminalité organisée
    [trafficking_in_persons] traite des personnes
    [smuggling_of_migrants] trafic illicite de migrants
    [firearms] armes à feu
    [corruption] corruption
    [money_laundering] blanchiment d’argent
    [cybercrime] cybercriminalité
    [terrorism_prevention] prévention du terrorisme
    [drugs] drogues
    [crime_prevention] prévention du crime
    [wildlife_and_forest_crime] criminalité liée aux espèces sauvages et aux forêts
   *[other] { $area }
}

## Les événements d’une activité

history-planned = Planification : { history-kind-word } « { $title } » — { $countries } ({ $location }), du { $start } au { $end }
history-rescheduled = Nouvelles dates : du { $start } au { $end }
history-delivered = Réalisation du { $start } au { $end } ({ history-mode-word })
history-people = { $total } participants ({ $female } femmes, { $male } hommes, { $other } autre ou non précisé)
history-participants = Enregistrement de { $people }
history-attendance = Liste de présence enregistrée : { $count ->
        [one] une personne
       *[other] { $count } personnes
    }{ $confirmed ->
        [0] {""}
        [one] , dont une reconnue comme déjà enregistrée
       *[other] , dont { $confirmed } reconnues comme déjà enregistrées
    }
history-funding = Financement de { $amount } { $currency } attribué par { $donor }
history-funding-withdrawn = Retrait de tout le financement de { $donor }
history-output = Produit enregistré : { history-output-word } : { $description }
history-corrected = Correction de : { $fields }
history-cancelled = Annulation
history-reported = Rapport : le dossier est verrouillé
history-delivery-amended = Modification de la réalisation : { $fields }
history-participants-amended = Participants modifiés : { $people }
history-funding-amended = Ligne de financement { $line } modifiée : { $amount } { $currency } de { $donor }
history-output-amended = Produit { $output } modifié : { history-output-word } : { $description }
history-output-removed = Produit { $output } supprimé, enregistré par erreur
history-output-removed-described = Produit { $output } ({ history-output-word } : { $description }) supprimé, enregistré par erreur
# $event: the event as the code names it.
history-event = Événement sans description pour l’instant : { $event }
history-voided = Invalidation : le dossier ne compte plus nulle part

## Les événements d’un programme

history-programme-registered = Enregistrement de { $code } « { $name } » ({ history-area-word })
history-contribution = Contribution de { $amount } { $currency } reçue de { $donor } le { $date }
history-outcome = Réalisation escomptée définie : « { $name } »
history-indicator = Indicateur défini : « { $name } »
history-indicator-revised = Indicateur « { $name } » révisé : { $reason }
history-actual = Valeur { $value } communiquée pour { $year }, indicateur { $indicator } : { $reason }

# Participants (people who attended activities).
participant-erased = participant effacé
participant-subject-access-note = Tout ce que tatrack détient sur cette personne : ses coordonnées (ouvertes avec sa propre clé), les catégories selon lesquelles elle est comptée, le consentement et sa finalité, et les activités auxquelles elle a participé avec ses résultats aux tests. Les métadonnées des événements indiquent qui a enregistré chaque changement.

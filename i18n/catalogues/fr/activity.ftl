# tatrack en français : les pages du conseiller (planifier une activité, la page de l’activité et
# ses actions, les listes d’activités, l’import, ce que conserve l’appareil) et les listes fermées
# du domaine. Mêmes identifiants que en/activity.ftl.

## Les listes fermées : chaque code de l’API, en toutes lettres

vocab-delivery-mode = { $mode ->
    [in_person] En présentiel
    [online] En ligne
    [hybrid] Hybride
   *[other] { $mode }
}
vocab-field = { $field ->
    [programme_id] Programme
    [kind] Type
    [title] Titre
    [countries] Pays
    [location] Lieu
    [planned_start] Début prévu
    [planned_end] Fin prévue
    [description] Description
    [start] Début
    [end] Fin
    [mode] Modalité
    [female] Femmes
    [male] Hommes
    [other_or_undisclosed] Autre ou non précisé
    [by_institution] Par institution
    [by_country] Par pays
    [participants] Participants
    [delivery] Réalisation
    [funding] Financement
    [outputs] Produits
    [output] Produit
    [line] Ligne de financement
    [donor] Bailleur de fonds
    [amount] Montant
    [currency] Devise
    [reason] Motif
    [changes] Modifications
    [status] Statut
   *[other] { $field }
}

## Choisir les pays

activity-country-placeholder = Nom ou code ISO
activity-country-chosen = Pays choisis
activity-country-add = Ajouter
activity-country-remove = Retirer { $country }
activity-country-ambiguous = « { $typed } » peut désigner { $some } : précisez le nom.
activity-country-ambiguous-more = « { $typed } » peut désigner { $some } ou d’autres pays : précisez le nom.
activity-country-unknown = Aucun pays ne s’appelle « { $typed } » : saisissez son nom ou son code ISO, par exemple BOL.
activity-country-not-yours = { $country } ne fait pas partie de vos pays ({ $yours }).

## Planifier une activité

plan-title = Planifier une activité
plan-programme = Programme
plan-programme-choose = Choisissez un programme
plan-kind = Type
plan-kind-choose = Choisissez un type
plan-activity-title = Titre
plan-countries = Pays
plan-countries-hint = Un pays, ou plusieurs pour une activité régionale.
plan-location = Lieu
plan-location-hint = Ville ou lieu de réunion ; « en ligne » pour les activités à distance.
plan-start = Début prévu
plan-end = Fin prévue
plan-description = Description
plan-submit = Planifier l’activité
plan-missing-programme = Choisissez le programme dont relève l’activité.
plan-missing-kind = Choisissez le type d’activité.
plan-missing-title = Donnez un titre à l’activité.
plan-missing-location = Indiquez où elle se déroule : une ville, un lieu de réunion, ou « en ligne ».
plan-missing-start = Indiquez le jour où elle doit commencer.
plan-missing-end = Indiquez le jour où elle doit se terminer.
plan-missing-countries = Ajoutez le pays où elle se déroule (plusieurs pour une activité régionale).
plan-end-before-start = La fin prévue précède le début prévu.

## La page de l’activité : son dossier

activity-not-found = Aucune activité n’est enregistrée sous l’identifiant { $id }.
activity-kept = Conservé sur cet appareil ({ $count })
activity-pending = { $count ->
    [one] Affichée telle qu’elle sera une fois envoyée la modification conservée sur cet appareil.
   *[other] Affichée telle qu’elle sera une fois envoyées les { $count } modifications conservées sur cet appareil.
}
activity-past = Telle qu’elle était à la version { $version }, enregistrée le { $recorded }.
activity-show-current = Afficher l’état actuel
activity-actions = Ce que vous pouvez faire maintenant
activity-fact-status = Statut
activity-fact-status-waiting = en attente d’envoi
activity-fact-programme = Programme
activity-fact-kind = Type
activity-fact-countries = Pays
activity-fact-location = Lieu
activity-fact-planned = Dates prévues
activity-fact-delivered = Réalisation
activity-fact-delivered-value = { $days } ({ $mode })
activity-fact-participants = Participants
activity-fact-participants-value = { $total } (femmes { $female }, hommes { $male }, autre ou non précisé { $other })
activity-funding-entry = { $donor } : { $amount }
activity-output-entry = { $kind } : { $description }
activity-fact-funding = Financement
activity-fact-outputs = Produits
activity-fact-cancelled-because = Motif de l’annulation
activity-fact-voided-because = Motif de l’invalidation
activity-fact-description = Description
activity-fact-version = Version
activity-fact-version-pending = { $now } maintenant, { $then } après l’envoi

## La page de l’activité : ce qui peut être fait, un formulaire par action

activity-action-reschedule = Reporter
activity-action-record-delivery = Enregistrer la réalisation
activity-action-fix-delivery = Corriger les dates ou la modalité de réalisation
activity-action-record-participants = Enregistrer les participants
activity-action-amend-participants = Modifier les participants
activity-action-attribute-funding = Attribuer un financement
activity-action-withdraw-funding = Retirer un financement
activity-action-record-output = Enregistrer un produit
activity-action-correct = Corriger les éléments prévus
activity-action-cancel = Annuler l’activité
activity-action-report = Établir le rapport et verrouiller
activity-action-amend-delivery = Modifier la réalisation, motif à l’appui
activity-action-amend-funding = Modifier une ligne de financement
activity-action-amend-output = Modifier un produit
activity-action-remove-output = Supprimer un produit enregistré par erreur
activity-action-void = Invalider cet enregistrement
activity-reason = Motif
activity-reason-optional = Facultatif.
activity-reason-kept-hint = Conservé dans l’historique avec l’ancienne et la nouvelle valeur.
activity-reason-amendment = Motif de la modification
activity-reason-correction = Motif de la correction
activity-reason-removal = Motif de la suppression
activity-reason-void = Motif de l’invalidation
activity-reschedule-start = Nouveau début
activity-reschedule-end = Nouvelle fin
activity-delivery-started = Début
activity-delivery-ended = Fin
activity-delivery-mode = Modalité
activity-fix-delivery-hint = Remplace la réalisation enregistrée auparavant, tant que le rapport de l’activité n’est pas établi ; aucun motif n’est demandé.
activity-amend-delivery-hint = Une modification conserve son motif ainsi que l’ancienne et la nouvelle valeur dans l’historique ; une fois le rapport établi, c’est le seul moyen de changer la réalisation.
activity-participants-women = Femmes
activity-participants-men = Hommes
activity-participants-other = Autre ou non précisé
activity-participants-by-institution = Par institution (facultatif)
activity-participants-by-country = Par pays (facultatif, activité régionale)
activity-participants-total = Total : { $sum ->
    [one] { $sum } participant
   *[other] { $sum } participants
}{ $institutions ->
    [0] {""}
   *[other] ; institutions : { $institutions }
}{ $countries ->
    [0] {""}
   *[other] ; pays : { $countries }
}
activity-participants-institutions-exceed = Le total par institution ({ $parts }) dépasse le nombre de participants ({ $sum }).
activity-participants-countries-exceed = Le total par pays ({ $parts }) dépasse le nombre de participants ({ $sum }).
activity-funding-donor = Bailleur de fonds
activity-funding-donor-hint = Choisissez une organisation enregistrée, ou saisissez le nom du bailleur de fonds tel qu’il a été enregistré.
activity-funding-currency = Devise
activity-funding-amount = Montant
activity-funding-line = Ligne de financement
activity-amount-hint = { $decimals ->
    [0] Pas de décimales pour { $currency }.
    [one] Jusqu’à { $decimals } décimale pour { $currency }.
   *[other] Jusqu’à { $decimals } décimales pour { $currency }.
}
activity-amount-invalid = { $decimals ->
    [0] Saisissez le montant sans décimales, par exemple { $example }.
    [one] Saisissez le montant avec au plus { $decimals } décimale, par exemple { $example }.
   *[other] Saisissez le montant avec au plus { $decimals } décimales, par exemple { $example }.
}
activity-output-kind = Type de produit
activity-output-description = Description
activity-output-which = Produit
activity-void-explained = L’invalidation concerne un doublon ou un enregistrement fait par erreur : l’activité n’est alors plus comptée dans aucun chiffre, mais reste dans son historique et dans le journal d’audit. Elle est irréversible.
activity-report-explained = Établir le rapport verrouille cet enregistrement : il ne pourra ensuite changer que par une modification ou une correction, chacune motivée. Seront verrouillés :
activity-report-delivery = Réalisation : { $delivery }
activity-report-participants = Participants : { $participants }
activity-report-funding = Financement : { $funding }
activity-report-outputs = Produits : { $outputs }
activity-report-delivery-none = Réalisation : aucune
activity-report-participants-none = Participants : aucun enregistré
activity-report-funding-none = Financement : aucun

## La page de l’activité : son historique

activity-history-title = Historique
activity-history-at-instant = Afficher l’activité à un instant donné
activity-history-as-of = Telle qu’elle était le (UTC)
activity-history-show = Afficher
activity-history-as-it-stood = (telle qu’elle était alors)
activity-history-by = { $role ->
    [adviser] { $actor } (conseiller)
    [manager] { $actor } (responsable)
    [donor] { $actor } (bailleur de fonds)
    [admin] { $actor } (administrateur)
   *[none] { $actor }
}
activity-history-someone = inconnu
activity-history-version = version { $version }
activity-history-reason = Motif : { $reason }
activity-history-field = { $field } :
activity-history-nothing = rien

## Les listes d’activités (« Mes activités », et les listes qu’ouvrent les chiffres d’un tableau de bord)

list-title-mine = Mes activités
list-title = Activités
list-needs-doing = À faire ({ $count })
list-needs-doing-none = Rien ne vous attend.
list-next-step-overdue = Dates prévues dépassées : enregistrez la réalisation, reportez ou annulez l’activité.
list-next-step-report = Réalisée, mais rapport pas encore établi.
list-column-activity = Activité
list-column-kind = Type
list-column-countries = Pays
list-column-date = Date
list-column-status = Statut
list-column-participants = Participants
list-column-next-step = Prochaine étape
list-filters-summary = Filtrer la liste
list-filters-label = Filtrer les activités
list-filter-status = Statut
list-filter-status-any = Tous les statuts
list-filter-country = Pays
list-filter-country-any = Tous les pays
list-filter-programme = Programme
list-filter-programme-any = Tous les programmes
list-filter-from = Du
list-filter-to = Au
list-filters-show = Afficher
list-filters-clear = Effacer
list-filters-also = Également filtrée par { $filters }.
list-filter-by-kind = type { $kind }
list-filter-by-donor = bailleur de fonds { $donor }
list-filters-remove = Retirer ces filtres
list-search-label = Rechercher des activités
list-search-hint = Mots d’un titre, d’un lieu, d’une description, d’un produit ou d’un bailleur de fonds
list-search-button = Rechercher
list-matching = Activités correspondantes
list-all = Toutes les activités de votre périmètre
list-download-what = ces activités
list-shown = { $count ->
    [one] { $count } affichée.
   *[other] { $count } affichées.
}
list-shown-more = { $count ->
    [one] { $count } affichée, d’autres disponibles.
   *[other] { $count } affichées, d’autres disponibles.
}
list-none = Aucune activité ne correspond.
list-show-more = Afficher la suite
list-figure-activities = Activités comptabilisées (ni annulées ni invalidées)
list-figure-participants = Participants
list-figure-female = Femmes
list-figure-male = Hommes
list-figure-other = Participants d’un autre sexe ou de sexe non précisé
list-figure-unattributed = Participants non rattachés à un pays
list-figure-institution = Participants (institution : { $institution })
list-figure-outputs = Produits
list-figure-output = Produits : { $output }
list-figure-funding = Financement de { $donor } en { $currency }
list-figure-every-activity = Afficher plutôt toutes les activités de ces filtres
list-figure-note = Le chiffre du tableau de bord « { $figure } » : { $count ->
    [one] { $count } activité
   *[other] { $count } activités
}{ $complete ->
    [yes] .
   *[no] {" "}pour l’instant ; affichez la suite pour le reste.
}
list-figure-note-sum = Le chiffre du tableau de bord « { $figure } » : { $count ->
    [one] { $count } activité
   *[other] { $count } activités
}, pour un total de { $sum }{ $complete ->
    [yes] .
   *[no] {" "}pour l’instant ; affichez la suite pour le reste.
}

## Importer des activités passées

import-title = Importer des activités passées
import-intro = Importez des activités enregistrées ailleurs, une ligne par activité, depuis un fichier CSV ou XLSX. Chaque ligne est soumise aux mêmes règles qu’un formulaire.
import-template = Le modèle, avec une ligne d’exemple dans votre périmètre :
import-template-csv = Modèle (CSV)
import-template-xlsx = Modèle (XLSX)
import-form-label = Le fichier à importer
import-file = Votre fichier (CSV ou XLSX)
import-file-hint = Une ligne par activité, avec les colonnes du modèle. La vérification n’écrit rien : vous voyez d’abord le résultat de chaque ligne.
import-partial = Écrire les lignes valides même si d’autres présentent des problèmes (sinon rien n’est écrit tant que toutes les lignes ne sont pas correctes)
import-check = Vérifier le fichier
import-file-missing = Choisissez le fichier CSV ou XLSX à importer.
import-sending = Envoi du fichier…
import-sending-share = Envoi du fichier… { $percent } %
import-checking = Vérification de chaque ligne…
import-writing = Vérification et écriture de chaque ligne…
import-rows-caption = Chaque ligne du fichier (la ligne 1 est l’en-tête)
import-column-row = Ligne
import-column-outcome = Résultat
import-column-activity = Activité
import-column-problems = Problèmes
import-no-problems = Aucun
import-outcome = { $outcome ->
    [would_import] Peut être importée
    [invalid] Problèmes : non écrite
    [imported] Importée
    [already_imported] Déjà importée : rien de nouveau
    [failed] Refusée à l’écriture
   *[other] { $outcome }
}
import-open-activity = Ouvrir l’activité de la ligne { $row }
import-problem-column = { $column } (colonne { $header }) : { $detail }
import-problem-cell = { $problem } (la cellule indique « { $value } »)
import-checked = { $rows ->
    [one] { $rows } ligne vérifiée
   *[other] { $rows } lignes vérifiées
} : { $ready } { $ready ->
    [one] peut être importée
   *[other] peuvent être importées
}, { $invalid } avec des problèmes. Rien n’a été écrit.
import-done = Terminé : { $rows ->
    [one] { $rows } ligne
   *[other] { $rows } lignes
}, { $imported } { $imported ->
    [one] importée
   *[other] importées
}{ $before ->
    [0] {""}
   *[other] , { $before } déjà importées auparavant
}{ $unwritten ->
    [0] {""}
   *[other] , { $unwritten } non écrites
}.
import-refused = { $total ->
    [one] { $total } problème
   *[other] { $total } problèmes
} dans le fichier : rien n’a été écrit. Corrigez les lignes et vérifiez à nouveau le fichier.
import-first-listed = Les { $listed } premiers sont indiqués.
import-all-or-none = L’import écrit toutes les lignes ou aucune : corrigez les lignes qui présentent des problèmes et vérifiez à nouveau le fichier, ou cochez « Écrire les lignes valides ».
import-valid-rows = { $rows ->
    [one] Importer la ligne sans problème
   *[other] Importer les { $rows } lignes sans problème
}
import-activities = { $count ->
    [one] Importer { $count } activité
   *[other] Importer { $count } activités
}
import-see-activities = Voir les activités

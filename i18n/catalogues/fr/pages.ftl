# tatrack en français : les tableaux de bord, la carte, les résultats, l’audit, les jetons, les
# personnes, l’IATI, les téléchargements et les problèmes affichés au-dessus d’un formulaire.
# Mêmes identifiants que en/pages.ftl ; les nombres et les dates arrivent déjà formatés (ui.js).

## Mots communs à plusieurs pages

pages-show = Afficher
pages-none = Aucun.
pages-from = Du
pages-to = Au
range-between = { $at ->
    [start] Du { $from } au { $to }
   *[within] du { $from } au { $to }
}
range-until = { $at ->
    [start] Du début au { $to }
   *[within] du début au { $to }
}
range-since = { $at ->
    [start] Du { $from } à aujourd’hui
   *[within] du { $from } à aujourd’hui
}
range-all = { $at ->
    [start] Du début à aujourd’hui
   *[within] du début à aujourd’hui
}

## Les listes fermées de l’API en mots

kind-training = Formation
kind-workshop = Atelier
kind-legislative-assistance = Assistance législative
kind-pre-accession-support = Appui préalable à l’adhésion
kind-assessment-mission = Mission d’évaluation
kind-expert-group-meeting = Réunion de groupe d’experts
kind-mentoring = Mentorat
kind-joint-operation-support = Appui à une opération conjointe
kind-e-learning = Apprentissage en ligne
kind-publication = Publication
status-planned = Planifiée
status-delivered = Réalisée
status-reported = Rapportée
status-cancelled = Annulée
status-voided = Invalidée
output-law-drafted = Loi rédigée
output-law-amended = Loi modifiée
output-strategy-adopted = Stratégie adoptée
output-accession-deposited = Instrument d’adhésion déposé
output-manual-published = Manuel publié
output-network-established = Réseau établi
output-other = Autre produit
institution-police = Police
institution-prosecutors = Parquet
institution-judges = Magistrats du siège
institution-customs = Douanes
institution-border-guards = Gardes-frontières
institution-financial-intelligence = Renseignement financier
institution-civil-society = Société civile
institution-government = Administration publique
institution-legislators = Parlementaires
institution-academia = Milieux universitaires
institution-private-sector = Secteur privé
institution-other = Autre institution

## Les rôles, tels que les jetons et les autorisations les nomment

role-adviser = Conseiller
role-manager = Responsable
role-donor = Bailleur de fonds
role-admin = Administrateur

## Problèmes affichés au-dessus des boutons d’un formulaire (ui.js)

problem-changed = Cette activité a changé depuis que vous l’avez ouverte (quelqu’un d’autre a enregistré quelque chose). { $detail }
problem-state = L’état de l’activité ne permet plus cette opération. { $detail }
problem-reload = Recharger l’activité
problem-kept = { $detail } Ce que vous avez saisi est conservé : appuyez de nouveau sur le bouton pour réessayer.

## Boutons de téléchargement (downloads.js) ; $what nomme ce qui est enregistré, p. ex. « ce résumé »

download-what = Télécharger { $what } :
download-as = Télécharger { $what } au format { $format }
download-format-csv = CSV
download-format-xlsx = XLSX (Excel)

## Tableaux de bord (dashboard.js)

dashboard-title = Tableau de bord
dashboard-title-of = Tableau de bord : { $name }
dashboard-form-label = Choisir ce qu’il faut résumer
dashboard-scope = Résumer par
dashboard-scope-country = Pays
dashboard-scope-programme = Programme
dashboard-scope-donor = Bailleur de fonds
dashboard-which = Lequel
dashboard-nothing = Rien à résumer pour l’instant : aucune activité dans votre périmètre.
dashboard-as-of = { $range } · { $position ->
    [1] les chiffres tiennent compte de la première modification enregistrée
   *[other] les chiffres tiennent compte des { $position } premières modifications enregistrées
}
dashboard-this-summary = ce résumé
dashboard-per-country-file = les activités par pays
dashboard-total-activities = { $count ->
    [one] activité
   *[other] activités
}
dashboard-total-participants = { $count ->
    [one] participant
   *[other] participants
}
dashboard-total-outputs = { $count ->
    [one] produit
   *[other] produits
}
dashboard-bars-number = Nombre
dashboard-bars-share = Part
dashboard-by-kind = Activités par type
dashboard-by-status = Activités par état
dashboard-by-sex = Participants par sexe
dashboard-by-institution = Participants par institution
dashboard-outputs-by-kind = Produits par type
dashboard-per-month = Activités par mois
dashboard-per-country = Activités par pays
dashboard-kind = Type
dashboard-status = État
dashboard-sex = Sexe
dashboard-institution = Institution
dashboard-output = Produit
dashboard-month = Mois
dashboard-women = Femmes
dashboard-men = Hommes
dashboard-other-sex = Autre ou non précisé
dashboard-unattributed = { $count ->
    [one] participant à une activité régionale n’est attribué à aucun pays.
   *[other] participants à des activités régionales ne sont attribués à aucun pays.
}
dashboard-funding = Financement
dashboard-donor = Bailleur de fonds
dashboard-currency = Monnaie
dashboard-amount = Montant
dashboard-funding-caption = Financement attribué aux activités, par bailleur de fonds et par monnaie
dashboard-contributions = Contributions reçues
dashboard-contributions-note = Les contributions sont versées à un programme dans son ensemble ; aucune liste d’activités ne leur correspond donc.
dashboard-months-cut = Seuls les 36 premiers mois de la période sont affichés.
dashboard-months-ask = Choisissez une période (du… au…) pour voir les activités mois par mois.
dashboard-map-caption = { $funded ->
    [yes] Activités que vous financez, par pays, { $range }
   *[no] Activités par pays, { $range }
}
dashboard-map-lead = { $caption }. Chaque pays mène à son tableau de bord.
dashboard-map-loading = Chargement de la carte…
dashboard-map-failed = La carte n’a pas pu être dessinée : { $reason }
dashboard-results-link = Cadre de résultats : indicateurs, cibles et valeurs atteintes

## La carte du monde (map.js)

map-country = { $country } : { $count ->
    [one] { $count } activité
   *[other] { $count } activités
}
map-legend-fewer = Moins
map-legend-more = plus d’activités ; gris : aucune.
map-table = Les mêmes chiffres sous forme de tableau
map-country-column = Pays
map-activities-column = Activités

## Résultats (results.js)

results-title = Résultats
results-title-of = Résultats : { $programme } en { $year }
results-form-label = Choisir un programme et une année
results-programme = Programme
results-year = Année
results-no-programme = Aucun programme dans votre périmètre.
results-no-framework = Ce programme n’a pas encore de cadre de résultats.
results-no-indicator = Aucun indicateur pour l’instant.
results-caption = Indicateurs de ce résultat en { $year }
results-indicator = Indicateur
results-baseline = Valeur de référence
results-target = Cible
results-actual = Valeur atteinte
results-share = Part de la cible
results-as-of = { $position ->
    [1] Les valeurs comptées tiennent compte de la première modification enregistrée
   *[other] Les valeurs comptées tiennent compte des { $position } premières modifications enregistrées
} ; elles comptent les activités réalisées et rapportées datées de l’année.
results-reported-by-manager = Communiqué par un responsable
results-counted = Compté : { $what }
results-counted-kind = Compté : { $what } ({ $kind })
results-of-activities = activités
results-of-participants = participants
results-of-outputs = produits ({ $output })
results-not-reported = non communiqué
results-delivered-behind = Les activités réalisées (pas encore rapportées) derrière ce chiffre
results-reported-behind = Les activités rapportées derrière ce chiffre
results-and-reported = (et rapportées)
results-by-sex = { $female } femmes, { $male } hommes, { $other } autres
results-baseline-value = { $value } ({ $year })
results-percent = { $value } %

## Audit (manage.js)

audit-title = Audit
audit-chain = Chaîne de hachage
audit-chain-broken = La chaîne de hachage est rompue : { $detail }
audit-result = Résultat
audit-intact = Intacte : aucun événement enregistré n’a été modifié ni supprimé
audit-broken = Rompue
audit-links-checked = Maillons vérifiés
audit-head = Tête
audit-none-yet = aucune pour l’instant
audit-signatures = Têtes signées
audit-signatures-unchecked = non vérifiées : le serveur n’a ni clé de signature ni clé publique, la chaîne n’est donc pas signée
audit-signatures-held = { $count } valables, la dernière au maillon { $seq }
audit-read-models = Modèles de lecture
audit-projection-status = État des projections
audit-checkpoint = Point de reprise
audit-log-head = Tête du journal
audit-lag = Retard
audit-lag-events = { $count ->
    [one] { $count } événement
   *[other] { $count } événements
}
audit-projector = Projecteur
audit-projector-off = Désactivé
audit-projector-starting = En démarrage
audit-projector-standby = En attente
audit-projector-projecting = En cours de projection
audit-projector-failing = En échec
audit-projector-restarting = En redémarrage
audit-projector-stopped = Arrêté
audit-instance = Instance qui répond
audit-failure = Échec
audit-failure-none = aucun
audit-failure-detail = { $error } (position { $position }, { $attempts ->
    [one] { $attempts } tentative
   *[other] { $attempts } tentatives
})
audit-log = Le journal global
audit-log-title = Le journal global, dans l’ordre d’enregistrement
audit-filter-label = Filtrer le journal
audit-actor = Enregistré par (nom du jeton)
audit-from = Du (UTC)
audit-to = Au (UTC)
audit-clear = Effacer
audit-these-events = ces événements
audit-seq = Nº
audit-recorded = Enregistré le
audit-by = Par
audit-event = Événement
audit-record = Enregistrement
audit-link = Maillon
audit-reason = Motif : { $reason }
audit-next = Événements suivants
audit-end = Fin du journal.

## Jetons (manage.js)

tokens-title = Jetons
tokens-issue = Émettre un jeton
tokens-all = Tous les jetons
tokens-name = Nom
tokens-name-hint = Enregistré comme auteur de tout ce que fait le jeton.
tokens-role = Rôle
tokens-expires = Expiration (UTC, facultatif)
tokens-issue-button = Émettre le jeton
tokens-issued = Jeton { $name } émis. Copiez son secret maintenant : il n’est affiché qu’une seule fois.
tokens-scope = Périmètre
tokens-created = Créé le
tokens-issued-by = Émis par
tokens-state = État
tokens-revoked = Révoqué le { $when }
tokens-revoked-now = Révoqué
tokens-expires-on = Expire le { $when }
tokens-active = Actif
tokens-revoke = Révoquer
tokens-revoke-confirm = Révoquer { $name } ? Ses sessions prennent fin immédiatement.

## Les personnes et leurs droits (people.js)

scope-countries = Pays (conseillers)
scope-countries-hint = Codes ISO 3166-1 alpha-3 séparés par des espaces, p. ex. BOL PER.
scope-programmes = Programmes (conseillers)
scope-programmes-hint = Codes de programme séparés par des espaces.
scope-donor = Bailleur de fonds (bailleurs)
scope-in-countries = Pays : { $list }
scope-in-programmes = Programmes : { $list }
scope-in-donor = Bailleur de fonds : { $donor }
scope-everything = Tout
people-title = Les personnes et leurs droits
people-intro = Les personnes se connectent avec les comptes de l’organisation. Une première connexion ne donne aucun droit : attribuez un rôle à la personne, ou à toutes les personnes d’un groupe que le fournisseur d’identité désigne.
people-grant-title = Attribuer un rôle
people-give-to = Attribuer à
people-give-to-hint = Une personne qui s’est déjà connectée une fois, ou toutes les personnes dont la connexion désigne un groupe.
people-everyone-in-group = Toutes les personnes d’un groupe
people-group = Groupe
people-group-hint = Tel que le fournisseur d’identité l’envoie dans la revendication groups, p. ex. tatrack-advisers-bol.
people-role = Rôle
people-why = Motif
people-why-hint = Conservé avec l’autorisation pour la piste d’audit.
people-grant = Attribuer
people-grants = Autorisations
people-nothing-granted = Aucune autorisation pour l’instant.
people-signed-in = Personnes qui se sont connectées
people-nobody = Personne ne s’est encore connecté avec le fournisseur d’identité.
people-given-to = Attribuée à
people-scope = Périmètre
people-granted = Attribuée
people-state = État
people-granted-by = { $when } par { $who }
people-revoked = Révoquée le { $when }
people-standing = En vigueur
people-everyone-whose = Toutes les personnes dont { $claim } comprend { $value }
people-subject-at = { $subject } chez { $issuer }
people-revoke-label = Révoquer cette autorisation
people-revoke-why = Motif de la révocation
people-revoke = Révoquer
people-name = Nom
people-email = Courriel
people-provider = Fournisseur d’identité
people-described = Dernière description

## IATI (iati.js)

iati-title = Fichier d’activités IATI
iati-form-label = Activités à publier
iati-about = Ce qui est vérifié, et où
iati-about-server = Le serveur écrit chaque activité à partir des mêmes enregistrements que le reste de tatrack : codes tirés des listes de codes de l’IATI (état, dates, rôles, secteurs du CAD à 5 chiffres, pays en codes ISO), parts des pays en centièmes dont la somme fait exactement 100, et identifiants précédés de celui de l’organisation déclarante. Cette page vérifie ces règles dans le fichier reçu.
iati-about-schema = Le serveur n’a pas de validateur XSD : le fichier est validé par rapport au schéma officiel IATI 2.03, avec ses listes de codes, par { $script } (xmllint), que la suite de tests exécute à chaque modification.
iati-size = XML IATI 2.03, { $size } Ko :
iati-download = Télécharger le fichier IATI
iati-validation = Validation
iati-not-xml = Le fichier n’est pas un XML bien formé.
iati-preview = Aperçu
iati-xml = Le XML lui-même
iati-check-version = Le document est en version 2.03 de l’IATI
iati-check-identifiers = Chaque activité a un identifiant, unique et précédé de celui de l’organisation déclarante
iati-check-required = Chaque activité a un titre, un état, un secteur et une date de début
iati-check-countries = Les parts des pays font exactement 100 dans chaque activité
iati-check-sectors = Les parts des secteurs font exactement 100 dans chaque activité
iati-root-element = l’élément racine
iati-no-identifier = (sans identifiant)
iati-passes = Conforme : { $check }
iati-fails = Non conforme : { $check } ({ $failing })
iati-in-file = { $count ->
    [one] { $count } activité dans le fichier
   *[other] { $count } activités dans le fichier
}
iati-identifier = Identifiant
iati-activity-title = Titre
iati-status = État
iati-countries = Pays
iati-funding-lines = Lignes de financement
iati-results = Résultats
iati-status-pipeline = En préparation
iati-status-implementation = Mise en œuvre
iati-status-finalisation = Finalisation
iati-status-closed = Clôturée
iati-status-cancelled = Annulée

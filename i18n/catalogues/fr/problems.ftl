# fr: problems (issue 27): le titre et le détail de chaque problème RFC 9457 de l’API, et les
# règles du domaine qu’un utilisateur peut enfreindre. Mêmes identifiants que en/problems.ftl.

## Les règles d’une activité

problem-activity-not-planned = aucune activité n’a été planifiée sous cet identifiant
problem-activity-already-planned = une activité portant cet identifiant est déjà planifiée
problem-end-before-start = `{ $field }` est antérieure à la date de début
problem-activity-no-countries = une activité se déroule dans au moins un pays
problem-country-twice = le pays { $country } figure deux fois dans la liste
problem-activity-cancelled = l’activité a été annulée ; seule une correction ou un retrait de financement peut encore modifier son dossier
problem-activity-already-cancelled = l’activité est déjà annulée
problem-activity-reported = l’activité a fait l’objet d’un rapport et son dossier est verrouillé ; envoyez plutôt une modification de ce qui s’est passé, ou une correction des champs planifiés, accompagnée d’un motif
problem-activity-voided = l’activité a été invalidée ; son dossier ne peut plus être modifié
problem-activity-already-voided = l’activité est déjà invalidée
problem-nothing-to-amend = la modification ne change rien : le dossier contient déjà chacune des valeurs indiquées
problem-no-participants-recorded = aucun décompte des participants n’a jamais été enregistré pour cette activité ; il n’y a donc rien à modifier
problem-no-such-funding-line = l’activité n’a pas de ligne de financement { $line } : elle en compte { $lines }, numérotées à partir de 0
problem-no-such-output = l’activité n’a pas de produit { $output } : elle en compte { $outputs }, numérotés à partir de 0
problem-delivery-in-future = `{ $field }` est postérieure au { $latest } : une réalisation ne peut pas se situer dans l’avenir (date du jour en UTC, avec un jour de tolérance pour les fuseaux horaires)
problem-participants-missing = { $kind ->
    [training] une formation réalisée est rapportée avec ses participants
    [workshop] un atelier réalisé est rapporté avec ses participants
   *[other] une activité réalisée est rapportée avec ses participants
} : enregistrez d’abord le décompte des participants
problem-activity-already-delivered = l’activité a déjà été réalisée
problem-activity-not-delivered = l’activité n’a pas encore été réalisée
problem-breakdown-exceeds-total = la ventilation figurant dans `{ $field }` dépasse le nombre de participants enregistrés
problem-country-not-in-activity = le pays { $country } ne fait pas partie des pays de l’activité
problem-no-funding-from-donor = aucun financement du bailleur de fonds « { $donor } » n’est attribué à cette activité
problem-nothing-to-correct = la correction ne change rien : chaque champ a déjà la valeur indiquée
problem-headcount-too-large = `{ $field }` ne peut pas dépasser { $max } personnes
problem-tally-too-large = un décompte ne peut pas dépasser { $max } personnes au total

## Les règles d’une valeur

problem-date-out-of-range = `{ $field }` doit se situer entre les années { $earliest } et { $latest }
problem-control-character = `{ $field }` contient un caractère de contrôle ou un non-caractère Unicode ; parmi ceux-ci, seuls la tabulation et le saut de ligne sont admis dans un texte
problem-amount-not-positive = un montant doit être supérieur à zéro
problem-amount-too-precise = { $digits ->
    [0] les montants en { $currency } ne comportent pas de décimale
    [one] les montants en { $currency } comportent au plus { $digits } décimale
   *[other] les montants en { $currency } comportent au plus { $digits } décimales
}
problem-amount-too-large = un montant ne peut pas dépasser { $max }
problem-unknown-country = « { $value } » n’est pas un code de pays ISO 3166-1 alpha-3
problem-unknown-currency = « { $value } » n’est pas un code de monnaie ISO 4217
problem-negative-count = un effectif ne peut pas être négatif (valeur reçue : { $count })
problem-count-too-large = un effectif ne peut pas dépasser { $max } (valeur reçue : { $count })
problem-invalid-programme-code = « { $value } » n’est pas un code de programme : utilisez de 2 à 32 caractères parmi A-Z, 0-9, « - » et « _ »
problem-empty-text = ce texte ne doit pas être vide
problem-invalid-iati-identifier = « { $value } » n’est pas un identifiant d’organisation IATI : le préfixe d’un organisme d’enregistrement suivi du numéro de l’organisation auprès de celui-ci, par exemple XM-DAC-41114 ou GB-GOV-1

## Les règles des organisations, des programmes et de leurs résultats

problem-organisation-not-registered = aucune organisation n’a été enregistrée sous cet identifiant
problem-organisation-already-registered = une organisation portant cet identifiant est déjà enregistrée
problem-name-repeated = « { $name } » figure deux fois parmi le nom et les autres appellations de l’organisation (à l’orthographe près)
problem-invisible-character = `{ $field }` contient un caractère invisible ({ $code_point }) : un nom ne peut pas en dissimuler
problem-nothing-changed = la correction ne change rien
problem-programme-not-registered = aucun programme n’a été enregistré sous cet identifiant
problem-programme-already-registered = un programme portant cet identifiant est déjà enregistré
problem-programme-end-before-start = `end` est antérieure à `start`
problem-outcome-exists = un effet portant cet identifiant est déjà défini
problem-indicator-exists = un indicateur portant cet identifiant est déjà défini
problem-unknown-outcome = le programme n’a pas d’effet portant cet identifiant
problem-unknown-indicator = le programme n’a pas d’indicateur portant cet identifiant
problem-nothing-revised = la révision ne change rien : le nom, la valeur de référence et les cibles sont inchangés
problem-year-out-of-range = `{ $field }` doit être une année comprise entre { $earliest } et { $latest }
problem-value-out-of-range = `{ $field }` doit être au plus égal à { $max }, avec au plus { $scale } décimales
problem-percentage-over-100 = `{ $field }` est un pourcentage : 100 au plus
problem-target-year-repeated = `{ $field }` répète une année : un indicateur a une seule cible par année
problem-counted-percentage = un indicateur calculé à partir des activités est un nombre : un décompte n’est pas un pourcentage
problem-actual-of-counted-indicator = les valeurs effectives de cet indicateur sont calculées à partir des activités ; elles ne peuvent pas être communiquées

## Les autorisations d’accès et les jetons

problem-bad-identifier = `{ $field }` doit comporter de 1 à 255 caractères
problem-already-granted = une autorisation portant cet identifiant existe déjà
problem-not-granted = aucune autorisation ne porte cet identifiant
problem-grant-already-revoked = l’autorisation est déjà révoquée
problem-adviser-grant-without-scope = l’autorisation d’un conseiller couvre au moins un pays ou un programme
problem-donor-grant-without-name = l’autorisation d’un bailleur de fonds désigne l’organisation (ou le bailleur) pour laquelle elle donne accès
problem-token-already-exists = un jeton portant ce nom existe déjà
problem-token-not-found = aucun jeton ne porte ce nom
problem-token-already-revoked = le jeton est déjà révoqué
problem-adviser-token-without-scope = le jeton d’un conseiller couvre au moins un pays ou un programme
problem-donor-token-without-name = le jeton d’un bailleur de fonds désigne l’organisation (ou le bailleur) pour laquelle il donne accès

## Les problèmes propres à l’API : la base d’événements, la requête, l’appelant

problem-unsupported-media-type = envoyez le corps de la requête au format application/json
problem-payload-too-large = le corps de la requête dépasse { $limit } octets
problem-too-many-requests = trop de requêtes avec ce jeton ; réessayez dans { $retry_after } s
problem-version-mismatch = le dossier en est à la version { $current } ; rechargez-le et décidez à nouveau
problem-idempotency-key-reused = cette clé Idempotency-Key a déjà servi pour une autre requête
problem-internal = erreur interne
problem-value-cannot-be-stored = une valeur de la requête ne peut être ni enregistrée ni comparée (un caractère de contrôle, ou un nombre hors limites ?)
problem-store-busy = la base d’événements est occupée ; rien n’a été enregistré, réessayez dans un instant
problem-store-unreachable = la base d’événements est injoignable ; réessayez dans un instant
problem-writers-collided = trop d’écritures simultanées sur ce flux ; réessayez
problem-programme-code-taken = le code de programme { $code } appartient déjà au programme { $owner }
problem-organisation-claim-taken = { $claim } appartient déjà à l’organisation { $owner }
problem-chain-behind = la chaîne de hachage atteint la position { $linked }, pas encore la tête du journal à la position { $head } : les modèles de lecture sont en cours de rattrapage, et un rapport établi maintenant ne compterait qu’une partie du journal
problem-read-models-behind = les modèles de lecture n’ont pas encore atteint la position { $position } ; réessayez dans un instant
problem-log-unread = le journal n’a pas pu être lu jusqu’à la position { $position } en une minute : une transaction reste ouverte ; relancez la migration
problem-min-position-unknown = `min_position` n’est la position d’aucun événement enregistré
problem-to-before-from = `to` est antérieure à `from`
problem-search-too-long = `q` dépasse { $max } caractères
problem-search-control-character = `q` contient un caractère de contrôle
problem-cell-too-long = une valeur dépasse la capacité d’une cellule de tableur (32 767 caractères) ; exportez au format CSV
problem-place-needs-if-match = une ligne de financement ou un produit est désigné par son rang, qui ne vaut que pour la version que vous avez lue : indiquez cette version dans If-Match

## Qui peut faire quoi

problem-token-revoked = le jeton a été révoqué
problem-token-expired = le jeton a expiré
problem-role-forbidden = { $role ->
    [adviser] un jeton de conseiller
    [donor] un jeton de bailleur de fonds
    [manager] un jeton de gestionnaire
   *[admin] un jeton d’administrateur
} ne permet pas cette opération ; elle requiert { $needed ->
    [adviser-admin] un jeton de conseiller ou d’administrateur
    [manager-admin] un jeton de gestionnaire ou d’administrateur
    [manager-adviser-admin] un jeton de gestionnaire, de conseiller ou d’administrateur
    [manager-donor-admin] un jeton de gestionnaire, de bailleur de fonds ou d’administrateur
   *[admin] un jeton d’administrateur
}
problem-donor-lists-own-funding = le jeton d’un bailleur de fonds ne liste que ce que ce bailleur finance
problem-activity-outside-scope = cette activité se situe hors des pays ou des programmes couverts par votre jeton
problem-token-name-invalid = utilisez de 1 à 64 caractères parmi A-Z, a-z, 0-9, « . », « _ », « - » et « @ »
problem-token-name-exists = le jeton { $name } existe déjà

## Ce qui n’est pas enregistré, ou l’est au nom d’une autre organisation

problem-no-activity-with-id = aucune activité n’est enregistrée sous l’identifiant { $id }
problem-no-programme-with-id = aucun programme n’est enregistré sous l’identifiant { $id }
problem-no-programme-with-code = aucun programme n’est enregistré sous le code { $code }
problem-no-organisation-with-id = aucune organisation n’est enregistrée sous l’identifiant { $id }
problem-no-history = { $noun ->
    [programme] aucun programme n’est enregistré
   *[activity] aucune activité n’est enregistrée
} sous l’identifiant { $id }
problem-iati-nothing-to-export = aucune activité visible par l’appelant ne correspond à ces filtres ; un document IATI doit en contenir au moins une
problem-iati-not-configured = l’exportation IATI requiert l’identifiant IATI de l’organisation déclarante : démarrez le serveur avec TATRACK_IATI_ORG_REF (ou --iati-org-ref)
problem-donor-unnamed = désignez le bailleur de fonds : l’identifiant d’une organisation dans organisation_id, ou son nom ou une autre appellation dans donor
problem-donor-not-of-organisation = « { $name } » n’est ni le nom ni une autre appellation de l’organisation { $id } ({ $organisation })
problem-iati-identifier-taken = l’identifiant IATI { $identifier } appartient à l’organisation { $id } ({ $holder })
problem-name-taken = « { $name } » { $how ->
    [spelling] est une autre graphie de
   *[look] ressemble à
} « { $held } », un nom de l’organisation { $id } ({ $holder })
problem-kept-name-taken = un nom que cette organisation conserve { $how ->
    [spelling] est une autre graphie de
   *[look] ressemble à
} « { $held } », un nom de l’organisation { $id } ({ $holder })

## Une requête illisible (le motif cité est celui d’une bibliothèque et reste en anglais)

problem-body-not-json = le corps de la requête n’est pas du JSON valide : { $reason }
problem-duplicate-key = la clé `{ $key }` figure plusieurs fois ; envoyez chaque clé une seule fois
problem-body-not-object = le corps de la requête doit être un objet JSON
problem-body-field-unreadable = `{ $field }` ne peut pas être lu : { $reason }
problem-body-unreadable = le corps de la requête ne peut pas être lu : { $reason }
problem-idempotency-key-length = l’en-tête idempotency-key doit comporter de 1 à 255 caractères visibles
problem-if-match-not-version = l’en-tête If-Match doit être l’étiquette d’entité d’une version, par exemple "3"
problem-header-not-ascii = l’en-tête { $name } doit être en caractères ASCII visibles
problem-not-a-uuid = « { $value } » n’est pas un UUID
problem-path-unreadable = le chemin ne peut pas être lu : { $reason }
problem-query-parameter-unreadable = le paramètre de requête `{ $name }` ne peut pas être lu : { $reason }
problem-query-unreadable = les paramètres de la requête ne peuvent pas être lus : { $reason }
problem-no-query-parameters = `{ $name }` n’est pas un paramètre de cette route, qui n’en accepte aucun
problem-parameter-refused-character = `{ $name }` contient { $kind ->
    [control] le caractère de contrôle
   *[noncharacter] le non-caractère
} { $code_point }

## Le journal, le projecteur et l’audit

problem-limit-out-of-range = `limit` doit être compris entre 1 et { $max }
problem-chain-broken-at-position = la chaîne de hachage est rompue au numéro { $seq } (position { $position }) : { $reason }
problem-chain-broken = la chaîne de hachage est rompue au numéro { $seq } : { $reason }
problem-store-not-reached = la base d’événements est injoignable
problem-projector-failing-at = le projecteur échoue à la position { $position } ({ $attempts } tentatives) : { $error }
problem-projector-failing = le projecteur échoue ({ $attempts } tentatives) : { $error }
problem-projector-restarting = le projecteur s’est arrêté et redémarre
problem-projector-stopped = le projecteur est arrêté
problem-first-catch-up = les modèles de lecture rattrapent le journal tel qu’il était au démarrage du serveur (position { $position }) ; le serveur sera prêt lorsqu’ils l’auront atteint
problem-projector-lagging = le projecteur a plus de { $bound } événements de retard sur le journal (TATRACK_READY_MAX_LAG)

## La connexion et les sessions

problem-bearer-token-missing = envoyez un jeton porteur dans l’en-tête Authorization
problem-token-not-valid = le jeton n’est pas valide
problem-sign-in-first = connectez-vous d’abord
problem-session-ended = la session a pris fin ou a expiré ; reconnectez-vous
problem-csrf-token-missing = une modification faite avec un cookie de session doit porter l’en-tête X-CSRF-Token de la session
problem-no-role-yet = vous êtes connecté en tant que { $name }, mais aucun rôle ne vous a encore été attribué : adressez-vous à un administrateur de tatrack
problem-cross-origin = requête d’une autre origine refusée : { $why ->
    [fetch-site] Sec-Fetch-Site n’est pas same-origin
   *[origin] Origin n’est pas ce serveur
}
problem-paste-token = collez le jeton qui vous a été remis
problem-no-identity-provider = aucun fournisseur d’identité n’est configuré
problem-provider-refused = le fournisseur d’identité ne vous a pas connecté ({ $error })
problem-provider-refused-described = le fournisseur d’identité ne vous a pas connecté ({ $error } : { $description })
problem-parameter-missing = `{ $name }` est manquant
problem-sign-in-unknown = cette connexion est inconnue, a déjà été utilisée ou a pris trop de temps : connectez-vous à nouveau
problem-provider-unreachable = le fournisseur d’identité est injoignable ({ $what }) : { $error } ; réessayez dans un instant
problem-provider-answer-refused = la réponse du fournisseur d’identité a été refusée : { $error }
problem-access-token-refused = le jeton d’accès a été refusé : { $error }

## Les routes et leurs paramètres

problem-no-such-route = cette route n’existe pas
problem-no-app-file = l’application n’a pas de fichier { $path }
problem-unknown-language = « { $value } » n’est pas une langue de réponse de tatrack : utilisez en, fr ou es
problem-unknown-donor = aucun financement ni aucune contribution n’est enregistré pour le bailleur de fonds « { $donor } »
problem-own-token = un jeton ne peut pas se révoquer lui-même
problem-as-of-and-version = indiquez as_of ou version, pas les deux
problem-version-from-one = les versions commencent à 1
problem-no-event-by-then = l’activité { $id } n’avait encore aucun événement enregistré à cette date
problem-not-planned-by-then = l’activité { $id } n’était pas encore planifiée à cette date
problem-year-parameter-out-of-range = `year` est hors limites

## Les importations

problem-import-not-multipart = envoyez le fichier au format multipart/form-data, dans une partie nommée `file`
problem-import-other-part = le formulaire contient une partie nommée « { $name } » ; n’envoyez que `file`
problem-import-one-file = envoyez un seul fichier par importation
problem-import-no-file = le formulaire n’a pas de partie nommée `file`
problem-import-form-unreadable = le formulaire ne peut pas être lu : { $reason }
problem-import-rows = { $total ->
    [one] { $total } problème dans le fichier, indiqué dans `errors` ; rien n’a été enregistré
   *[other] { $total } problèmes dans le fichier, chacun indiqué dans `errors` ; rien n’a été enregistré
}
problem-import-rows-some-listed = { $total } problèmes dans le fichier ; les { $listed } premiers sont indiqués dans `errors`, et tous le sont au format CSV si le même fichier est envoyé à `problems_csv` ; rien n’a été enregistré
problem-import-not-utf8 = le fichier n’est pas un texte UTF-8 : le premier octet invalide est l’octet { $byte }, à la ligne { $line } ; enregistrez-le au format CSV UTF-8
problem-import-not-xlsx = le fichier n’est pas un classeur XLSX : { $reason }
problem-import-file-unreadable = le fichier ne peut pas être lu : { $reason }

## Les listes et leurs chiffres

problem-figure-only = `{ $name }` ne s’applique qu’avec `figure={ $figure }`
problem-unattributed-needs-country = `figure` `unattributed` requiert `country` : seuls les participants d’un pays peuvent être non attribués
problem-institution-needed = `institution` est requis avec `figure=institution`
problem-donor-needed = `donor` est requis avec `figure=funding` : ce chiffre est celui d’un seul bailleur de fonds
problem-currency-needed = `currency` est requis avec `figure=funding`
problem-cursor-unknown = `cursor` n’est pas un curseur émis par ce serveur pour cette requête
problem-table-csv-only = `table` ne s’applique qu’aux exportations CSV
problem-table-not-in-workbook = `table` ne s’applique qu’aux exportations CSV : un classeur contient tous les tableaux

## Les réponses faites par le cadriciel ou une couche intermédiaire

problem-request-refused = la requête a été refusée : { $reason }
problem-method-not-allowed = cette route n’accepte pas cette méthode
problem-request-timed-out = la requête a pris trop de temps et a été abandonnée ; réessayez dans un instant
problem-request-not-served = la requête n’a pas pu être traitée
problem-url-too-long = l’URL dépasse la longueur que le serveur accepte (64 Kio)
problem-headers-too-large = les en-têtes de la requête sont trop volumineux
problem-request-unparsable = la ligne de requête ou un en-tête ne peut pas être analysé

## Les titres : un bref résumé par type de problème

problem-title-malformed-json = JSON mal formé
problem-title-bad-request = Requête incorrecte
problem-title-unauthorized = Non connecté
problem-title-forbidden = Opération non autorisée
problem-title-not-found = Introuvable
problem-title-payload-too-large = Requête trop volumineuse
problem-title-unsupported-media-type = Type de média non pris en charge
problem-title-validation = Valeur non valide
problem-title-idempotency-key-reused = Clé d’idempotence réutilisée
problem-title-too-many-requests = Trop de requêtes
problem-title-internal = Erreur interne
problem-title-unavailable = Service indisponible
problem-title-version-mismatch = Le dossier a changé
problem-title-already-planned = Déjà planifiée
problem-title-activity-cancelled = Activité annulée
problem-title-already-cancelled = Déjà annulée
problem-title-activity-reported = Activité ayant fait l’objet d’un rapport
problem-title-already-delivered = Déjà réalisée
problem-title-not-delivered = Pas encore réalisée
problem-title-no-funding-from-donor = Aucun financement de ce bailleur de fonds
problem-title-activity-voided = Activité invalidée
problem-title-already-voided = Déjà invalidée
problem-title-not-recorded = Rien d’enregistré à modifier
problem-title-participants-missing = Participants manquants
problem-title-already-registered = Déjà enregistré
problem-title-programme-code-taken = Code de programme déjà attribué
problem-title-already-defined = Déjà défini
problem-title-counted-indicator = Indicateur calculé
problem-title-organisation-name-taken = Nom d’organisation déjà attribué
problem-title-token-exists = Le jeton existe déjà
problem-title-already-revoked = Déjà révoqué
problem-title-own-token = Un jeton ne peut pas se révoquer lui-même
problem-title-chain-broken = Chaîne de hachage rompue
problem-title-iati-not-configured = Exportation IATI non configurée
problem-title-import-file = Fichier illisible
problem-title-import-rows = Lignes non conformes aux règles
problem-title-http = { $status ->
    [405] Méthode non autorisée
    [408] Délai de requête dépassé
    [414] URL trop longue
    [431] En-têtes de requête trop volumineux
   *[other] Erreur HTTP { $status }
}

problem-language-person-only = seule une personne connectée par le fournisseur d’identité choisit ici sa langue ; la langue d’un jeton est choisie lors de sa délivrance

# Participants: people who attended activities, their identifying details sealed.
problem-not-sealed = les données scellées ne sont pas un nonce et un chiffré en base64
problem-score-out-of-range = un score est un nombre entier de 0 à 100 (reçu : { $score })
problem-participant-not-registered = aucun participant n’a été enregistré sous cet identifiant
problem-participant-already-registered = un participant portant cet identifiant est déjà enregistré
problem-participant-erased = les données du participant ont été effacées ; la fiche ne peut plus changer
problem-participant-already-erased = les données du participant ont déjà été effacées
problem-merge-into-self = un participant ne peut pas être fusionné avec lui-même
problem-merge-target-unknown = aucun participant n’a été enregistré sous l’identifiant de `into`
problem-merge-target-merged = le participant de `into` est fusionné avec un autre : fusionnez avec celui-ci
problem-merge-target-erased = le participant de `into` a été effacé
problem-participant-already-merged = le participant est déjà fusionné avec un autre : séparez-les d’abord
problem-participant-not-merged = le participant n’est fusionné avec personne
problem-not-same-as-self = `not_same_as` désigne le participant lui-même
problem-attendee-twice = le participant { $id } figure deux fois dans la liste
problem-unknown-attendee = aucun participant n’a été enregistré sous l’identifiant { $id }
problem-attendance-needs-reason = l’activité a été déclarée : une nouvelle liste de présence la modifie et demande un motif (`reason`)
problem-no-participant-with-id = aucun participant n’est enregistré sous l’identifiant { $id }
problem-sheet-unknown-column = la feuille a une colonne `{ $column }` qui n’est ni name, sex, age_band, institution, country, function, email, phone, pre_score, post_score, ni l’un des six domaines du Groupe de Washington
problem-sheet-column-missing = la feuille n’a pas de colonne `{ $column }`
problem-sheet-unknown-word = `{ $value }` n’est pas une valeur admise pour `{ $field }`
problem-sheet-washington-group-incomplete = les réponses du Groupe de Washington ne sont données que pour certains domaines : donnez les six, ou aucune
problem-title-participant-erased = Participant effacé
problem-title-merge-state = Fusion impossible

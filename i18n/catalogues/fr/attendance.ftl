# Les mots de tatrack en français : les participants en tant que personnes (issue 28).

## Les catégories d'une personne

participant-sex-female = Femme
participant-sex-male = Homme
participant-sex-other = Autre ou non précisé
participant-age-under-18 = Moins de 18 ans
participant-age-18-24 = 18–24 ans
participant-age-25-34 = 25–34 ans
participant-age-35-44 = 35–44 ans
participant-age-45-54 = 45–54 ans
participant-age-55-64 = 55–64 ans
participant-age-65-and-over = 65 ans et plus
participant-age-not-given = Non précisé
participant-wg-seeing = Difficulté à voir, même avec des lunettes
participant-wg-hearing = Difficulté à entendre, même avec un appareil auditif
participant-wg-walking = Difficulté à marcher ou à monter des marches
participant-wg-remembering = Difficulté à se souvenir ou à se concentrer
participant-wg-self-care = Difficulté à prendre soin de soi, par exemple se laver ou s'habiller
participant-wg-communicating = Difficulté à communiquer, par exemple comprendre ou se faire comprendre
participant-wg-no-difficulty = Aucune difficulté
participant-wg-some-difficulty = Quelques difficultés
participant-wg-a-lot-of-difficulty = Beaucoup de difficultés
participant-wg-cannot-do-at-all = Ne peut pas du tout
participant-wg-not-asked = Non demandé
participant-wg-title = Handicap (questions du Groupe de Washington, facultatives)
participant-wg-hint = Posez les six questions ou aucune. Laissez-les sans réponse si la personne préfère ne pas répondre.
participant-wg-all-or-none = Répondez aux six questions, ou à aucune.
participant-wg-not-given = Non précisé
participant-match-why-email = même adresse e-mail
participant-match-why-name = mêmes nom, pays et institution
participant-ground-subject-request = La personne a demandé l'effacement
participant-ground-consent-withdrawn = La personne a retiré son consentement
participant-ground-no-longer-needed = N'est plus nécessaire à sa finalité
participant-ground-unlawful = Détenu illicitement
participant-ground-legal-obligation = Une obligation légale d'effacer
participant-erased-name = Participant effacé

## Les champs d'une personne

participant-name = Nom
participant-sex = Sexe
participant-age-band = Âge
participant-institution = Institution
participant-country = Pays
participant-function = Fonction
participant-function-hint = L'intitulé du poste, par exemple « Procureur ».
participant-email = E-mail
participant-phone = Téléphone
participant-disability = Handicap
participant-choose = Choisir…
participant-not-given = Non précisé
participant-yes = Oui
participant-no = Non
participant-consent-purpose = Consentement donné pour
participant-consent-purpose-hint = Ce pour quoi la personne a accepté que ses données soient conservées.
participant-consent-purpose-default = Suivi des formations et rapports anonymes aux donateurs
participant-consent-date = Consentement donné le
participant-pre-score = Test avant
participant-post-score = Test après
participant-score-hint = De 0 à 100 ; laissez vide s'il n'y a pas eu de test.
participant-score-invalid = Écrivez un nombre entier de 0 à 100, ou laissez vide.
participant-missing-name = Écrivez le nom de la personne.
participant-missing-sex = Choisissez le sexe de la personne (ou « Autre ou non précisé »).
participant-missing-country = Choisissez le pays de la personne.
participant-missing-purpose = Dites pour quoi la personne a donné son consentement.
participant-missing-date = Indiquez la date du consentement.

## Les participants sur la page d'une activité

attendance-title = Participants
attendance-loading = Chargement de la liste des participants…
attendance-none = Pas encore de liste de participants. Ajoutez les personnes une à une ou importez une feuille de présence ; la liste remplit alors le nombre de participants.
attendance-caption = { $count ->
    [one] { $count } personne sur la liste
   *[other] { $count } personnes sur la liste
}
attendance-add = Ajouter un participant
attendance-check-and-add = Vérifier et ajouter
attendance-add-button = Ajouter à la liste
attendance-match-legend = { $count ->
    [one] Une personne déjà enregistrée est peut-être celle-ci. Est-ce la même personne ?
   *[other] Des personnes déjà enregistrées sont peut-être celle-ci. L'une d'elles est-elle la même personne ?
}
attendance-match-same = La même personne : { $name } ({ $why })
attendance-match-not-same = Pas la même : enregistrer une nouvelle personne
attendance-match-choose = Dites s'il s'agit de la même personne ou d'une nouvelle.
attendance-reason = Pourquoi la liste change
attendance-reason-hint = L'activité a fait l'objet d'un rapport : le changement est conservé dans son historique avec ce motif.
attendance-reason-missing = Dites pourquoi la liste d'une activité ayant fait l'objet d'un rapport change.

## Importer une feuille de présence

sheet-title = Importer une feuille de présence
sheet-intro = La feuille est d'abord vérifiée et rien n'est écrit : vous voyez chaque ligne, ses problèmes et les personnes déjà enregistrées qu'elle peut désigner. Seul le dernier bouton enregistre les nouvelles personnes et la liste.
sheet-file = Feuille de présence (CSV ou XLSX)
sheet-file-hint = Une ligne d'en-tête, puis une personne par ligne. Colonnes : { $columns }.
sheet-file-missing = Choisissez la feuille de présence à vérifier.
sheet-consent-hint = Ce pour quoi chaque personne de la feuille a accepté que ses données soient conservées.
sheet-check = Vérifier la feuille
sheet-checking = Vérification de la feuille…
sheet-checked = { $rows ->
    [one] { $rows } ligne lue
   *[other] { $rows } lignes lues
} : { $problems } avec des problèmes, { $matches } avec des personnes peut-être déjà enregistrées. Rien n'a été écrit.
sheet-rows-caption = Les lignes de la feuille
sheet-column-row = Ligne
sheet-column-person = Personne
sheet-column-scores = Tests
sheet-column-problems = Problèmes
sheet-column-same = Déjà enregistrée ?
sheet-scores = Avant { $before }, après { $after }
sheet-no-problems = Aucun
sheet-problem-field = { $field } : { $detail }
sheet-new-person = Une nouvelle personne
sheet-same = La même personne : { $name } ({ $why })
sheet-not-same = Pas la même : une nouvelle personne
sheet-choose = Dites s'il s'agit de la même personne ou d'une nouvelle.
sheet-fix-first = Corrigez la feuille et vérifiez-la à nouveau : rien n'est enregistré tant qu'une ligne a des problèmes.
sheet-record = { $count ->
    [one] Enregistrer la présence d'une personne
   *[other] Enregistrer la présence de { $count } personnes
}
sheet-registering = Enregistrement de la ligne { $row } sur { $rows }…
sheet-recording = Enregistrement de la liste…

## La page d'un participant

participant-erased-notice = Cette personne a été effacée : on ne sait plus qui elle était. Ses catégories comptent toujours dans les chiffres.
participant-consent = Consentement
participant-consent-value = { $purpose } (donné le { $date })
participant-has-disability = A un handicap (beaucoup de difficultés, ou ne peut pas du tout, dans au moins un domaine).
participant-has-no-disability = Pas de handicap selon le seuil du Groupe de Washington.
participant-merged-into = Même personne que
participant-merged-into-link = la fiche dans laquelle celle-ci a été fusionnée
participant-activities = Activités suivies
participant-activities-caption = { $count ->
    [one] { $count } activité
   *[other] { $count } activités
}
participant-activity = Activité
participant-dates = Dates
participant-no-activities = Aucune activité pour l'instant.
participant-actions = Ce qu'un responsable peut faire
participant-subject-access = Télécharger tout ce qui est conservé
participant-subject-access-hint = Un fichier JSON, pour une personne qui demande ce qui est conservé à son sujet. Le téléchargement est inscrit au journal d'audit.
participant-merge = Fusionner dans une autre fiche
participant-merge-hint = Cette personne et une autre fiche sont la même personne : elles compteront une seule fois.
participant-merge-into = L'autre fiche
participant-merge-into-hint = Son identifiant, ou l'adresse de sa page.
participant-merge-into-missing = Indiquez la fiche de la même personne.
participant-merge-into-self = Une fiche ne peut pas être fusionnée dans elle-même.
participant-split = Séparer de la fiche fusionnée
participant-split-hint = La fusion était une erreur : les deux fiches comptent de nouveau comme deux personnes.
participant-reason = Motif
participant-reason-missing = Indiquez le motif.
participant-erase = Effacer
participant-erase-hint = L'effacement détruit la clé des données de cette personne : son nom, son e-mail, son téléphone et sa fonction ne pourront plus jamais être lus, ici ou dans une sauvegarde. Ses catégories restent, les chiffres ne changent donc pas. Les copies téléchargées auparavant ne sont pas effacées.
participant-erase-ground = Motif de l'effacement
participant-erase-ground-missing = Choisissez le motif de l'effacement.
participant-erase-confirm = Je comprends que cela ne peut pas être annulé.
participant-erase-confirm-missing = Cochez la case pour confirmer l'effacement.

## La carte du tableau de bord

trained-title = Personnes formées
trained-fewer-than = moins de { $below }
trained-not-shown = non montré
trained-distinct = { $count ->
    [one] personne différente formée
   *[other] personnes différentes formées
}
trained-group = Groupe
trained-people = Personnes
trained-by-sex = Par sexe
trained-by-age = Par âge
trained-more = Handicap et formations répétées
trained-with-disability = Avec un handicap
trained-more-than-once = Formées plus d'une fois
trained-gain = Gain de connaissances : { $gain } points en moyenne entre les tests avant et après, sur { $trainings ->
    [one] { $trainings } formation
   *[other] { $trainings } formations
}.
trained-gain-none = Gain de connaissances : aucune formation avec des tests avant et après.
trained-note = Compté sur les activités ayant une liste de participants, chaque personne une fois.
trained-suppressed-note = Compté sur les activités ayant une liste de participants, chaque personne une fois. Les groupes de moins de { $below } personnes ne sont pas montrés, ni, à côté d’un seul d’entre eux, le plus petit groupe suivant, afin que personne ne puisse être identifié ni déduit d’un total.

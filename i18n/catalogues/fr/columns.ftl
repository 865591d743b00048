# tatrack en français : les lignes d’en-tête des fichiers exportés (CSV, XLSX), noms de feuilles
# compris, et les boutons de téléchargement de l’application. Mêmes identifiants que en.

## Feuilles

column-countries = Pays
column-funding = Financement
column-institutions = Institutions
column-programmes = Programmes
column-donors = Bailleurs de fonds
column-summary = Synthèse
column-events = Événements

## Les activités et leur détail

column-id = Identifiant
column-activities = Activités
column-programme-id = Identifiant du programme
column-programme-code = Code du programme
column-kind = Type
column-status = Statut
column-title = Intitulé
column-location = Lieu
column-date = Date
column-planned-start = Début prévu
column-planned-end = Fin prévue
column-delivery-start = Début de la réalisation
column-delivery-end = Fin de la réalisation
column-female = Femmes
column-male = Hommes
column-other-or-undisclosed = Autre ou non précisé
column-participants = Participants
column-version = Version
column-activity-id = Identifiant de l’activité
column-country = Pays
column-unattributed = Participants non attribués
column-donor = Bailleur de fonds
column-currency = Devise
column-amount = Montant
column-organisation-id = Identifiant de l’organisation
column-institution = Institution
column-outputs = Produits

## Programmes et bailleurs de fonds

column-code = Code
column-name = Nom
column-thematic-area = Domaine thématique
column-recorded-as = Enregistré sous

## Synthèses (une ligne par chiffre)

column-scope-type = Type de périmètre
column-scope = Périmètre
column-from = Du
column-to = Au
column-kind-filter = Filtre par type d’activité
column-as-of = À la date du
column-as-of-position = À la position du journal
column-measure = Mesure
column-dimension = Dimension
column-category = Catégorie
column-subcategory = Sous-catégorie
column-value = Valeur

## Le journal d’audit

column-seq = Maillon de la chaîne
column-position = Position dans le journal
column-recorded-at = Enregistré le
column-aggregate-type = Type d’enregistrement
column-aggregate-id = Identifiant de l’enregistrement
column-sequence = Séquence de l’enregistrement
column-event-type = Type d’événement
column-event-version = Version de l’événement
column-actor = Auteur
column-role = Rôle
column-request-id = Identifiant de la requête
column-reason = Motif
column-idempotency-key = Clé d’idempotence
column-payload = Contenu
column-metadata = Métadonnées
column-link = Empreinte de la chaîne


## Fichiers IATI : les mots de tatrack, un récit par langue (ce que les personnes ont écrit reste tel quel)

iati-kind-in-location = { $kind ->
    [training] Formation à { $location }
    [workshop] Atelier à { $location }
    [legislative_assistance] Assistance législative à { $location }
    [pre_accession_support] Appui à l’adhésion à { $location }
    [assessment_mission] Mission d’évaluation à { $location }
    [expert_group_meeting] Réunion de groupe d’experts à { $location }
    [mentoring] Mentorat à { $location }
    [joint_operation_support] Appui à une opération conjointe à { $location }
    [e_learning] Module d’apprentissage en ligne à { $location }
    [publication] Publication à { $location }
   *[other] Activité à { $location }
}
iati-output-law-drafted = Loi rédigée
iati-output-law-amended = Loi modifiée
iati-output-strategy-adopted = Stratégie adoptée
iati-output-accession-deposited = Instrument d’adhésion déposé
iati-output-manual-published = Manuel publié
iati-output-network-established = Réseau établi
iati-output-other = Autre produit
iati-people-trained = Personnes formées
iati-people-trained-description = Personnes distinctes inscrites sur la liste de présence de l'activité, chacune comptée une seule fois. Les effectifs par sexe et par tranche d'âge ne sont donnés que pour les groupes d'au moins cinq personnes ; aucune donnée personnelle n'est publiée.

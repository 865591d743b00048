# tatrack en français : le cadre de l’application (en-tête, navigation, connexion, envois en attente).
# Mêmes identifiants que en.ftl.

## Le cadre de la page et l’en-tête

skip-to-content = Aller au contenu
nav-label = Principale
language-label = Langue
nav-my-activities = Mes activités
nav-plan = Planifier une activité
nav-import = Importer
nav-dashboard = Tableau de bord
nav-results = Résultats
nav-activities = Activités
nav-report = Rapport annuel
nav-audit = Journal d’audit
nav-iati = IATI
nav-people = Personnes
nav-tokens = Jetons
nav-who = { $name } ({ $role ->
    [adviser] conseiller
    [manager] responsable
    [donor] bailleur
    [admin] administrateur
   *[none] aucun rôle pour l’instant
})
sign-out = Se déconnecter

## Le compteur des envois en attente dans l’en-tête

outbox-waiting = { $waiting ->
    [one] { $waiting } en attente d’envoi
   *[other] { $waiting } en attente d’envoi
}
outbox-refused = { $refused ->
    [one] { $refused } refusé
   *[other] { $refused } refusés
}
outbox-waiting-and-refused = { outbox-waiting }, { outbox-refused }

## Connexion

signin-title = Connexion
signin-intro = tatrack enregistre les activités d’assistance technique, de la planification au rapport.
signin-form-label = Se connecter avec un jeton
signin-token = Votre jeton d’accès
signin-token-hint = Collez le jeton qui vous a été remis une fois ; il est échangé contre une session et n’est pas conservé dans le navigateur.
signin-button = Se connecter
signin-token-missing = Collez d’abord votre jeton.
signin-failed = La connexion n’a pas abouti : { $reason }
signin-provider = Se connecter avec { $provider }
signin-other-ways = Autres façons de se connecter

## Connecté sans rôle

no-role-title = Aucun rôle pour l’instant
no-role-signed-in = Vous êtes connecté en tant que { $name }, mais aucun rôle ne vous a encore été attribué.
no-role-signed-in-email = Vous êtes connecté en tant que { $name } ({ $email }), mais aucun rôle ne vous a encore été attribué.
no-role-ask = Demandez à un administrateur de tatrack de vous en attribuer un (ou au groupe de votre équipe), puis reconnectez-vous.

## Hors ligne

offline-notice = Hors ligne : cette page montre ce que cet appareil a conservé, récupéré le { $when }.

## La page des envois en attente : les modifications faites hors ligne

outbox-title = Conservé sur cet appareil
outbox-intro = Les modifications faites sans connexion attendent ici, dans l’ordre où elles ont été faites, et sont envoyées dès que la connexion revient. Celles qui sont refusées restent, avec le motif, jusqu’à ce que vous les corrigiez ou les abandonniez.
outbox-empty = Rien n’attend : tout a été envoyé.
outbox-send-now = Envoyer maintenant
outbox-discard-confirm = Abandonner « { $label } » pour { $title } ? Cette modification ne sera pas envoyée.
outbox-state-waiting = En attente d’envoi
outbox-state-refused = Refusé par le serveur : { $reason }
outbox-made = Fait le { $made }
outbox-made-edited = Fait le { $made }, modifié le { $edited }
outbox-put-right = Corriger
outbox-edit-before = Modifier avant l’envoi
outbox-edit-label = Modifier { $label }
outbox-list-hint = Séparés par des virgules.
outbox-save = Enregistrer et renvoyer
outbox-discard = Abandonner

## Pages qui ne peuvent pas s’afficher

not-found-title = Page introuvable
not-found = Cette page n’existe pas.
not-found-start = Revenir à l’accueil.
went-wrong-title = Une erreur s’est produite

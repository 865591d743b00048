# tatrack en español: los paneles, el mapa, los resultados, la auditoría, los tokens, las
# personas, la IATI, las descargas y los problemas que se muestran sobre un formulario.
# Mismos identificadores que en/pages.ftl; los números y las fechas llegan ya formateados (ui.js).

## Palabras comunes a varias páginas

pages-show = Mostrar
pages-none = Ninguno.
pages-from = Desde
pages-to = Hasta
range-between = { $at ->
    [start] Del { $from } al { $to }
   *[within] del { $from } al { $to }
}
range-until = { $at ->
    [start] Desde el inicio hasta el { $to }
   *[within] desde el inicio hasta el { $to }
}
range-since = { $at ->
    [start] Del { $from } hasta hoy
   *[within] del { $from } hasta hoy
}
range-all = { $at ->
    [start] Desde el inicio hasta hoy
   *[within] desde el inicio hasta hoy
}

## Las listas cerradas de la API en palabras

kind-training = Capacitación
kind-workshop = Taller
kind-legislative-assistance = Asistencia legislativa
kind-pre-accession-support = Apoyo previo a la adhesión
kind-assessment-mission = Misión de evaluación
kind-expert-group-meeting = Reunión de grupo de expertos
kind-mentoring = Mentoría
kind-joint-operation-support = Apoyo a una operación conjunta
kind-e-learning = Aprendizaje en línea
kind-publication = Publicación
status-planned = Planificada
status-delivered = Realizada
status-reported = Informada
status-cancelled = Cancelada
status-voided = Anulada
output-law-drafted = Ley redactada
output-law-amended = Ley modificada
output-strategy-adopted = Estrategia aprobada
output-accession-deposited = Instrumento de adhesión depositado
output-manual-published = Manual publicado
output-network-established = Red establecida
output-other = Otro producto
institution-police = Policía
institution-prosecutors = Fiscalía
institution-judges = Judicatura
institution-customs = Aduanas
institution-border-guards = Guardia de fronteras
institution-financial-intelligence = Inteligencia financiera
institution-civil-society = Sociedad civil
institution-government = Administración pública
institution-legislators = Parlamentarios
institution-academia = Ámbito académico
institution-private-sector = Sector privado
institution-other = Otra institución

## Los roles, tal como los nombran los tokens y las autorizaciones

role-adviser = Asesor
role-manager = Responsable
role-donor = Donante
role-admin = Administrador

## Problemas que se muestran sobre los botones de un formulario (ui.js)

problem-changed = Esta actividad ha cambiado desde que la abrió (otra persona registró algo). { $detail }
problem-state = El estado de la actividad ya no permite esta operación. { $detail }
problem-reload = Volver a cargar la actividad
problem-kept = { $detail } Lo que escribió se conserva: pulse de nuevo el botón para volver a intentarlo.

## Botones de descarga (downloads.js); $what nombra lo que se guarda, p. ej. «este resumen»

download-what = Descargar { $what }:
download-as = Descargar { $what } en formato { $format }
download-format-csv = CSV
download-format-xlsx = XLSX (Excel)

## Paneles (dashboard.js)

dashboard-title = Panel
dashboard-title-of = Panel: { $name }
dashboard-form-label = Elegir qué resumir
dashboard-scope = Resumir por
dashboard-scope-country = País
dashboard-scope-programme = Programa
dashboard-scope-donor = Donante
dashboard-which = Cuál
dashboard-nothing = Todavía no hay nada que resumir: ninguna actividad en su ámbito.
dashboard-as-of = { $range } · { $position ->
    [1] las cifras incluyen el primer cambio registrado
   *[other] las cifras incluyen los primeros { $position } cambios registrados
}
dashboard-this-summary = este resumen
dashboard-per-country-file = las actividades por país
dashboard-total-activities = { $count ->
    [one] actividad
   *[other] actividades
}
dashboard-total-participants = { $count ->
    [one] participante
   *[other] participantes
}
dashboard-total-outputs = { $count ->
    [one] producto
   *[other] productos
}
dashboard-bars-number = Número
dashboard-bars-share = Proporción
dashboard-by-kind = Actividades por tipo
dashboard-by-status = Actividades por estado
dashboard-by-sex = Participantes por sexo
dashboard-by-institution = Participantes por institución
dashboard-outputs-by-kind = Productos por tipo
dashboard-per-month = Actividades por mes
dashboard-per-country = Actividades por país
dashboard-kind = Tipo
dashboard-status = Estado
dashboard-sex = Sexo
dashboard-institution = Institución
dashboard-output = Producto
dashboard-month = Mes
dashboard-women = Mujeres
dashboard-men = Hombres
dashboard-other-sex = Otro o no declarado
dashboard-unattributed = { $count ->
    [one] participante en una actividad regional no está atribuido a ningún país.
   *[other] participantes en actividades regionales no están atribuidos a ningún país.
}
dashboard-funding = Financiación
dashboard-donor = Donante
dashboard-currency = Moneda
dashboard-amount = Importe
dashboard-funding-caption = Financiación atribuida a las actividades, por donante y moneda
dashboard-contributions = Contribuciones recibidas
dashboard-contributions-note = Las contribuciones se aportan a un programa en su conjunto, por lo que no hay una lista de actividades que les corresponda.
dashboard-months-cut = Se muestran los primeros 36 meses del período.
dashboard-months-ask = Elija un período (desde y hasta) para ver las actividades mes a mes.
dashboard-map-caption = { $funded ->
    [yes] Actividades que usted financia, por país, { $range }
   *[no] Actividades por país, { $range }
}
dashboard-map-lead = { $caption }. Cada país lleva a su panel.
dashboard-map-loading = Cargando el mapa…
dashboard-map-failed = No se pudo dibujar el mapa: { $reason }
dashboard-results-link = Marco de resultados: indicadores, metas y valores alcanzados

## El mapa del mundo (map.js)

map-country = { $country }: { $count ->
    [one] { $count } actividad
   *[other] { $count } actividades
}
map-legend-fewer = Menos
map-legend-more = más actividades; gris: ninguna.
map-table = Las mismas cifras en forma de tabla
map-country-column = País
map-activities-column = Actividades

## Resultados (results.js)

results-title = Resultados
results-title-of = Resultados: { $programme } en { $year }
results-form-label = Elegir un programa y un año
results-programme = Programa
results-year = Año
results-no-programme = Ningún programa en su ámbito.
results-no-framework = Este programa todavía no tiene marco de resultados.
results-no-indicator = Todavía no hay indicadores.
results-caption = Indicadores de este efecto en { $year }
results-indicator = Indicador
results-baseline = Valor de referencia
results-target = Meta
results-actual = Valor alcanzado
results-share = Proporción de la meta
results-as-of = { $position ->
    [1] Los valores contados incluyen el primer cambio registrado
   *[other] Los valores contados incluyen los primeros { $position } cambios registrados
}; cuentan las actividades realizadas e informadas con fecha en el año.
results-reported-by-manager = Comunicado por un responsable
results-counted = Contado: { $what }
results-counted-kind = Contado: { $what } ({ $kind })
results-of-activities = actividades
results-of-participants = participantes
results-of-outputs = productos ({ $output })
results-not-reported = no comunicado
results-delivered-behind = Las actividades realizadas (aún no informadas) que respaldan esta cifra
results-reported-behind = Las actividades informadas que respaldan esta cifra
results-and-reported = (e informadas)
results-by-sex = { $female } mujeres, { $male } hombres, { $other } otros
results-baseline-value = { $value } ({ $year })
results-percent = { $value } %

## Auditoría (manage.js)

audit-title = Auditoría
audit-chain = Cadena de hash
audit-chain-broken = La cadena de hash está rota: { $detail }
audit-result = Resultado
audit-intact = Íntegra: ningún evento almacenado fue alterado ni eliminado
audit-broken = Rota
audit-links-checked = Eslabones verificados
audit-head = Cabeza
audit-none-yet = ninguna todavía
audit-signatures = Cabezas firmadas
audit-signatures-unchecked = sin comprobar: el servidor no tiene clave de firma ni clave pública, así que la cadena no está firmada
audit-signatures-held = { $count } válidas, la última en el eslabón { $seq }
audit-read-models = Modelos de lectura
audit-projection-status = Estado de las proyecciones
audit-checkpoint = Punto de control
audit-log-head = Cabeza del registro
audit-lag = Retraso
audit-lag-events = { $count ->
    [one] { $count } evento
   *[other] { $count } eventos
}
audit-projector = Proyector
audit-projector-off = Desactivado
audit-projector-starting = Iniciándose
audit-projector-standby = En espera
audit-projector-projecting = Proyectando
audit-projector-failing = Con fallos
audit-projector-restarting = Reiniciándose
audit-projector-stopped = Detenido
audit-instance = Instancia que responde
audit-failure = Fallo
audit-failure-none = ninguno
audit-failure-detail = { $error } (posición { $position }, { $attempts ->
    [one] { $attempts } intento
   *[other] { $attempts } intentos
})
audit-log = El registro global
audit-log-title = El registro global, en orden de confirmación
audit-filter-label = Filtrar el registro
audit-actor = Registrado por (nombre del token)
audit-from = Desde (UTC)
audit-to = Hasta (UTC)
audit-clear = Borrar
audit-these-events = estos eventos
audit-seq = N.º
audit-recorded = Registrado
audit-by = Por
audit-event = Evento
audit-record = Registro
audit-link = Eslabón
audit-reason = Motivo: { $reason }
audit-next = Eventos siguientes
audit-end = Fin del registro.

## Tokens (manage.js)

tokens-title = Tokens
tokens-issue = Emitir un token
tokens-all = Todos los tokens
tokens-name = Nombre
tokens-name-hint = Se registra como autor de todo lo que hace el token.
tokens-role = Rol
tokens-expires = Vencimiento (UTC, opcional)
tokens-issue-button = Emitir el token
tokens-issued = Token { $name } emitido. Copie su secreto ahora: solo se muestra esta vez.
tokens-scope = Ámbito
tokens-created = Creado
tokens-issued-by = Emitido por
tokens-state = Estado
tokens-revoked = Revocado el { $when }
tokens-revoked-now = Revocado
tokens-expires-on = Vence el { $when }
tokens-active = Activo
tokens-revoke = Revocar
tokens-revoke-confirm = ¿Revocar { $name }? Sus sesiones terminan de inmediato.

## Las personas y sus derechos (people.js)

scope-countries = Países (asesores)
scope-countries-hint = Códigos ISO 3166-1 alfa-3 separados por espacios, p. ej. BOL PER.
scope-programmes = Programas (asesores)
scope-programmes-hint = Códigos de programa separados por espacios.
scope-donor = Donante (donantes)
scope-in-countries = Países: { $list }
scope-in-programmes = Programas: { $list }
scope-in-donor = Donante: { $donor }
scope-everything = Todo
people-title = Las personas y sus derechos
people-intro = Las personas inician sesión con las cuentas de la organización. Un primer inicio de sesión no da ningún derecho: asigne un rol a la persona o a todas las personas de un grupo que indique el proveedor de identidad.
people-grant-title = Asignar un rol
people-give-to = Asignarlo a
people-give-to-hint = Una persona que ya inició sesión una vez, o todas las personas cuyo inicio de sesión indica un grupo.
people-everyone-in-group = Todas las personas de un grupo
people-group = Grupo
people-group-hint = Tal como lo envía el proveedor de identidad en la reclamación groups, p. ej. tatrack-advisers-bol.
people-role = Rol
people-why = Motivo
people-why-hint = Se conserva con la autorización para la pista de auditoría.
people-grant = Asignar
people-grants = Autorizaciones
people-nothing-granted = Todavía no hay autorizaciones.
people-signed-in = Personas que han iniciado sesión
people-nobody = Nadie ha iniciado sesión todavía con el proveedor de identidad.
people-given-to = Asignada a
people-scope = Ámbito
people-granted = Asignada
people-state = Estado
people-granted-by = { $when } por { $who }
people-revoked = Revocada el { $when }
people-standing = Vigente
people-everyone-whose = Todas las personas cuyo { $claim } incluye { $value }
people-subject-at = { $subject } en { $issuer }
people-revoke-label = Revocar esta autorización
people-revoke-why = Motivo de la revocación
people-revoke = Revocar
people-name = Nombre
people-email = Correo electrónico
people-provider = Proveedor de identidad
people-described = Última descripción

## IATI (iati.js)

iati-title = Archivo de actividades de la IATI
iati-form-label = Actividades que se publicarán
iati-about = Qué se verifica, y dónde
iati-about-server = El servidor escribe cada actividad a partir de los mismos registros que el resto de tatrack: códigos de las listas de códigos de la IATI (estado, fechas, funciones, sectores del CAD de 5 dígitos, países en códigos ISO), proporciones por país en centésimas que suman exactamente 100 e identificadores precedidos por el de la organización informante. Esta página verifica esas reglas en el archivo recibido.
iati-about-schema = El servidor no tiene validador XSD: el archivo se valida con el esquema oficial IATI 2.03 y sus listas de códigos mediante { $script } (xmllint), que el conjunto de pruebas ejecuta en cada cambio.
iati-size = XML IATI 2.03, { $size } KB:
iati-download = Descargar el archivo IATI
iati-validation = Validación
iati-not-xml = El archivo no es un XML bien formado.
iati-preview = Vista previa
iati-xml = El XML propiamente dicho
iati-check-version = El documento corresponde a la versión 2.03 de la IATI
iati-check-identifiers = Cada actividad tiene un identificador, único y precedido por el de la organización informante
iati-check-required = Cada actividad tiene un título, un estado, un sector y una fecha de inicio
iati-check-countries = Las proporciones por país suman exactamente 100 en cada actividad
iati-check-sectors = Las proporciones por sector suman exactamente 100 en cada actividad
iati-root-element = el elemento raíz
iati-no-identifier = (sin identificador)
iati-passes = Cumple: { $check }
iati-fails = No cumple: { $check } ({ $failing })
iati-in-file = { $count ->
    [one] { $count } actividad en el archivo
   *[other] { $count } actividades en el archivo
}
iati-identifier = Identificador
iati-activity-title = Título
iati-status = Estado
iati-countries = Países
iati-funding-lines = Líneas de financiación
iati-results = Resultados
iati-status-pipeline = En preparación
iati-status-implementation = En ejecución
iati-status-finalisation = En finalización
iati-status-closed = Cerrada
iati-status-cancelled = Cancelada

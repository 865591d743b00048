# es: problems (issue 27): el título y el detalle de cada problema RFC 9457 de la API, y las
# reglas del dominio que un usuario puede infringir. Mismos identificadores que en/problems.ftl.

## Las reglas de una actividad

problem-activity-not-planned = no se ha planificado ninguna actividad con este identificador
problem-activity-already-planned = ya hay una actividad planificada con este identificador
problem-end-before-start = `{ $field }` es anterior a la fecha de inicio
problem-activity-no-countries = una actividad se realiza en al menos un país
problem-country-twice = el país { $country } figura dos veces en la lista
problem-activity-cancelled = la actividad se canceló; solo una corrección o una retirada de financiación pueden modificar aún su expediente
problem-activity-already-cancelled = la actividad ya está cancelada
problem-activity-reported = ya se informó sobre la actividad y su expediente está bloqueado; envíe en su lugar una modificación de lo ocurrido o una corrección de los campos planificados, con un motivo
problem-activity-voided = la actividad se invalidó; su expediente ya no puede modificarse
problem-activity-already-voided = la actividad ya está invalidada
problem-nothing-to-amend = la modificación no cambia nada: el expediente ya contiene todos los valores indicados
problem-no-participants-recorded = nunca se registró un recuento de participantes para esta actividad, por lo que no hay nada que modificar
problem-no-such-funding-line = la actividad no tiene la línea de financiación { $line }: tiene { $lines }, numeradas a partir de 0
problem-no-such-output = la actividad no tiene el producto { $output }: tiene { $outputs }, numerados a partir de 0
problem-delivery-in-future = `{ $field }` es posterior al { $latest }: una realización no puede situarse en el futuro (fecha de hoy en UTC, con un día de margen por los husos horarios)
problem-participants-missing = { $kind ->
    [training] una formación realizada se notifica
    [workshop] un taller realizado se notifica
   *[other] una actividad realizada se notifica
} con sus participantes: registre primero el recuento de participantes
problem-activity-already-delivered = la actividad ya se realizó
problem-activity-not-delivered = la actividad aún no se ha realizado
problem-breakdown-exceeds-total = el desglose de `{ $field }` suma más que los participantes registrados
problem-country-not-in-activity = el país { $country } no es uno de los países de la actividad
problem-no-funding-from-donor = el donante «{ $donor }» no tiene financiación atribuida a esta actividad
problem-nothing-to-correct = la corrección no cambia nada: cada campo ya tiene el valor indicado
problem-headcount-too-large = `{ $field }` no puede superar las { $max } personas
problem-tally-too-large = un recuento no puede sumar más de { $max } personas en total

## Las reglas de un valor

problem-date-out-of-range = `{ $field }` debe estar comprendida entre los años { $earliest } y { $latest }
problem-control-character = `{ $field }` contiene un carácter de control o un no carácter Unicode; de ellos, solo se admiten en un texto el tabulador y el salto de línea
problem-amount-not-positive = un importe debe ser mayor que cero
problem-amount-too-precise = { $digits ->
    [0] los importes en { $currency } no llevan decimales
    [one] los importes en { $currency } llevan como máximo { $digits } decimal
   *[other] los importes en { $currency } llevan como máximo { $digits } decimales
}
problem-amount-too-large = un importe no puede superar { $max }
problem-unknown-country = «{ $value }» no es un código de país ISO 3166-1 alfa-3
problem-unknown-currency = «{ $value }» no es un código de moneda ISO 4217
problem-negative-count = un recuento no puede ser negativo (se recibió { $count })
problem-count-too-large = un recuento no puede superar { $max } (se recibió { $count })
problem-invalid-programme-code = «{ $value }» no es un código de programa: utilice entre 2 y 32 caracteres de A-Z, 0-9, «-» y «_»
problem-empty-text = este texto no puede estar vacío
problem-invalid-iati-identifier = «{ $value }» no es un identificador de organización IATI: el prefijo de un organismo de registro seguido del número de la organización en él, por ejemplo XM-DAC-41114 o GB-GOV-1

## Las reglas de las organizaciones, los programas y sus resultados

problem-organisation-not-registered = no se ha registrado ninguna organización con este identificador
problem-organisation-already-registered = ya hay una organización registrada con este identificador
problem-name-repeated = «{ $name }» figura dos veces entre el nombre y las otras denominaciones de la organización (salvo diferencias de grafía)
problem-invisible-character = `{ $field }` contiene un carácter invisible ({ $code_point }): un nombre no puede ocultar ninguno
problem-nothing-changed = la corrección no cambia nada
problem-programme-not-registered = no se ha registrado ningún programa con este identificador
problem-programme-already-registered = ya hay un programa registrado con este identificador
problem-programme-end-before-start = `end` es anterior a `start`
problem-outcome-exists = ya hay un efecto definido con este identificador
problem-indicator-exists = ya hay un indicador definido con este identificador
problem-unknown-outcome = el programa no tiene ningún efecto con este identificador
problem-unknown-indicator = el programa no tiene ningún indicador con este identificador
problem-nothing-revised = la revisión no cambia nada: el nombre, la línea de base y las metas siguen igual
problem-year-out-of-range = `{ $field }` debe ser un año comprendido entre { $earliest } y { $latest }
problem-value-out-of-range = `{ $field }` debe ser como máximo { $max }, con { $scale } decimales como máximo
problem-percentage-over-100 = `{ $field }` es un porcentaje: 100 como máximo
problem-target-year-repeated = `{ $field }` repite un año: un indicador tiene una sola meta por año
problem-counted-percentage = un indicador calculado a partir de las actividades es un número: un recuento no es un porcentaje
problem-actual-of-counted-indicator = los valores reales de este indicador se calculan a partir de las actividades; no pueden notificarse

## Las autorizaciones de acceso y los tokens

problem-bad-identifier = `{ $field }` debe tener entre 1 y 255 caracteres
problem-already-granted = ya existe una autorización con este identificador
problem-not-granted = ninguna autorización tiene este identificador
problem-grant-already-revoked = la autorización ya está revocada
problem-adviser-grant-without-scope = la autorización de un asesor abarca al menos un país o un programa
problem-donor-grant-without-name = la autorización de un donante indica la organización (o el donante) para la que da acceso
problem-token-already-exists = ya existe un token con este nombre
problem-token-not-found = ningún token tiene este nombre
problem-token-already-revoked = el token ya está revocado
problem-adviser-token-without-scope = el token de un asesor abarca al menos un país o un programa
problem-donor-token-without-name = el token de un donante indica la organización (o el donante) para la que da acceso

## Los problemas propios de la API: el almacén de eventos, la solicitud, quien llama

problem-unsupported-media-type = envíe el cuerpo de la solicitud como application/json
problem-payload-too-large = el cuerpo de la solicitud supera los { $limit } bytes
problem-too-many-requests = demasiadas solicitudes con este token; vuelva a intentarlo dentro de { $retry_after } s
problem-version-mismatch = el expediente está en la versión { $current }; vuelva a cargarlo y decida de nuevo
problem-idempotency-key-reused = esta Idempotency-Key ya se utilizó para otra solicitud
problem-internal = error interno
problem-value-cannot-be-stored = un valor de la solicitud no puede guardarse ni compararse (¿un carácter de control, o una cifra fuera de rango?)
problem-store-busy = el almacén de eventos está ocupado; no se guardó nada, vuelva a intentarlo en breve
problem-store-unreachable = no se puede acceder al almacén de eventos; vuelva a intentarlo en breve
problem-writers-collided = demasiadas escrituras simultáneas en este flujo; vuelva a intentarlo
problem-programme-code-taken = el código de programa { $code } ya pertenece al programa { $owner }
problem-organisation-claim-taken = { $claim } ya pertenece a la organización { $owner }
problem-chain-behind = la cadena de hash llega a la posición { $linked }, todavía no al final del registro en la posición { $head }: los modelos de lectura se están poniendo al día, y un informe elaborado ahora contaría solo una parte del registro
problem-read-models-behind = los modelos de lectura aún no han llegado a la posición { $position }; vuelva a intentarlo en breve
problem-log-unread = no se pudo leer el registro hasta la posición { $position } en un minuto: hay una transacción abierta; vuelva a ejecutar la migración
problem-min-position-unknown = `min_position` no es la posición de ningún evento registrado
problem-to-before-from = `to` es anterior a `from`
problem-search-too-long = `q` supera los { $max } caracteres
problem-search-control-character = `q` contiene un carácter de control
problem-cell-too-long = un valor supera la capacidad de una celda de hoja de cálculo (32 767 caracteres); exporte en formato CSV
problem-place-needs-if-match = una línea de financiación o un producto se designa por su posición, que solo es válida en la versión que usted leyó: indique esa versión en If-Match

## Quién puede hacer qué

problem-token-revoked = el token fue revocado
problem-token-expired = el token ha caducado
problem-role-forbidden = { $role ->
    [adviser] un token de asesor
    [donor] un token de donante
    [manager] un token de gestor
   *[admin] un token de administrador
} no permite esta operación; requiere { $needed ->
    [adviser-admin] un token de asesor o de administrador
    [manager-admin] un token de gestor o de administrador
    [manager-adviser-admin] un token de gestor, de asesor o de administrador
    [manager-donor-admin] un token de gestor, de donante o de administrador
   *[admin] un token de administrador
}
problem-donor-lists-own-funding = el token de un donante solo enumera lo que ese donante financia
problem-activity-outside-scope = esta actividad queda fuera de los países o programas que abarca su token
problem-token-name-invalid = utilice entre 1 y 64 caracteres de A-Z, a-z, 0-9, «.», «_», «-» y «@»
problem-token-name-exists = el token { $name } ya existe

## Lo que no está registrado, o lo está a nombre de otra organización

problem-no-activity-with-id = no hay ninguna actividad registrada con el identificador { $id }
problem-no-programme-with-id = no hay ningún programa registrado con el identificador { $id }
problem-no-programme-with-code = no hay ningún programa registrado con el código { $code }
problem-no-organisation-with-id = no hay ninguna organización registrada con el identificador { $id }
problem-no-history = { $noun ->
    [programme] no hay ningún programa registrado
   *[activity] no hay ninguna actividad registrada
} con el identificador { $id }
problem-iati-nothing-to-export = ninguna actividad visible para quien llama coincide con estos filtros; un documento IATI debe contener al menos una
problem-iati-not-configured = la exportación IATI requiere el identificador IATI de la organización informante: inicie el servidor con TATRACK_IATI_ORG_REF (o --iati-org-ref)
problem-donor-unnamed = indique el donante: el identificador de una organización en organisation_id, o su nombre u otra denominación en donor
problem-donor-not-of-organisation = «{ $name }» no es el nombre ni otra denominación de la organización { $id } ({ $organisation })
problem-iati-identifier-taken = el identificador IATI { $identifier } pertenece a la organización { $id } ({ $holder })
problem-name-taken = «{ $name }» { $how ->
    [spelling] es otra grafía de
   *[look] se parece a
} «{ $held }», un nombre de la organización { $id } ({ $holder })
problem-kept-name-taken = un nombre que esta organización conserva { $how ->
    [spelling] es otra grafía de
   *[look] se parece a
} «{ $held }», un nombre de la organización { $id } ({ $holder })

## Una solicitud ilegible (el motivo citado es de una biblioteca y queda en inglés)

problem-body-not-json = el cuerpo de la solicitud no es JSON válido: { $reason }
problem-duplicate-key = la clave `{ $key }` aparece más de una vez; envíe cada clave una sola vez
problem-body-not-object = el cuerpo de la solicitud debe ser un objeto JSON
problem-body-field-unreadable = no se puede leer `{ $field }`: { $reason }
problem-body-unreadable = no se puede leer el cuerpo de la solicitud: { $reason }
problem-idempotency-key-length = el encabezado idempotency-key debe tener entre 1 y 255 caracteres visibles
problem-if-match-not-version = el encabezado If-Match debe ser la etiqueta de entidad de una versión, por ejemplo "3"
problem-header-not-ascii = el encabezado { $name } debe contener caracteres ASCII visibles
problem-not-a-uuid = «{ $value }» no es un UUID
problem-path-unreadable = no se puede leer la ruta: { $reason }
problem-query-parameter-unreadable = no se puede leer el parámetro de consulta `{ $name }`: { $reason }
problem-query-unreadable = no se pueden leer los parámetros de consulta: { $reason }
problem-no-query-parameters = `{ $name }` no es un parámetro de esta ruta, que no admite ninguno
problem-parameter-refused-character = `{ $name }` contiene { $kind ->
    [control] el carácter de control
   *[noncharacter] el no carácter
} { $code_point }

## El registro, el proyector y la auditoría

problem-limit-out-of-range = `limit` debe estar entre 1 y { $max }
problem-chain-broken-at-position = la cadena de hash se rompe en el número { $seq } (posición { $position }): { $reason }
problem-chain-broken = la cadena de hash se rompe en el número { $seq }: { $reason }
problem-store-not-reached = no se puede acceder al almacén de eventos
problem-projector-failing-at = el proyector falla en la posición { $position } ({ $attempts } intentos): { $error }
problem-projector-failing = el proyector falla ({ $attempts } intentos): { $error }
problem-projector-restarting = el proyector se detuvo y se está reiniciando
problem-projector-stopped = el proyector está detenido
problem-first-catch-up = los modelos de lectura se están poniendo al día con el registro tal como estaba al iniciarse este servidor (posición { $position }); estará listo cuando lo alcancen
problem-projector-lagging = el proyector lleva más de { $bound } eventos de retraso respecto del registro (TATRACK_READY_MAX_LAG)

## El inicio de sesión y las sesiones

problem-bearer-token-missing = envíe un token portador en el encabezado Authorization
problem-token-not-valid = el token no es válido
problem-sign-in-first = inicie sesión primero
problem-session-ended = la sesión terminó o caducó; vuelva a iniciar sesión
problem-csrf-token-missing = un cambio hecho con una cookie de sesión debe llevar el encabezado X-CSRF-Token de la sesión
problem-no-role-yet = ha iniciado sesión como { $name }, pero aún no se le ha asignado ningún rol: diríjase a un administrador de tatrack
problem-cross-origin = solicitud de otro origen rechazada: { $why ->
    [fetch-site] Sec-Fetch-Site no es same-origin
   *[origin] Origin no es este servidor
}
problem-paste-token = pegue el token que se le entregó
problem-no-identity-provider = no hay ningún proveedor de identidad configurado
problem-provider-refused = el proveedor de identidad no inició su sesión ({ $error })
problem-provider-refused-described = el proveedor de identidad no inició su sesión ({ $error }: { $description })
problem-parameter-missing = falta `{ $name }`
problem-sign-in-unknown = este inicio de sesión es desconocido, ya se utilizó o tardó demasiado: vuelva a iniciar sesión
problem-provider-unreachable = no se puede acceder al proveedor de identidad ({ $what }): { $error }; vuelva a intentarlo en breve
problem-provider-answer-refused = se rechazó la respuesta del proveedor de identidad: { $error }
problem-access-token-refused = se rechazó el token de acceso: { $error }

## Las rutas y sus parámetros

problem-no-such-route = esta ruta no existe
problem-no-app-file = la aplicación no tiene el archivo { $path }
problem-unknown-language = «{ $value }» no es un idioma en el que responda tatrack: utilice en, fr o es
problem-unknown-donor = no hay ninguna financiación ni contribución registrada del donante «{ $donor }»
problem-own-token = un token no puede revocarse a sí mismo
problem-as-of-and-version = indique as_of o version, no ambos
problem-version-from-one = las versiones empiezan en 1
problem-no-event-by-then = la actividad { $id } no tenía ningún evento registrado en esa fecha
problem-not-planned-by-then = la actividad { $id } aún no estaba planificada en esa fecha
problem-year-parameter-out-of-range = `year` está fuera de rango

## Las importaciones

problem-import-not-multipart = envíe el archivo como multipart/form-data, en una parte llamada `file`
problem-import-other-part = el formulario tiene una parte llamada «{ $name }»; envíe solo `file`
problem-import-one-file = envíe un solo archivo por importación
problem-import-no-file = el formulario no tiene ninguna parte llamada `file`
problem-import-form-unreadable = no se puede leer el formulario: { $reason }
problem-import-rows = { $total ->
    [one] { $total } problema en el archivo, indicado en `errors`; no se guardó nada
   *[other] { $total } problemas en el archivo, cada uno indicado en `errors`; no se guardó nada
}
problem-import-rows-some-listed = { $total } problemas en el archivo; los { $listed } primeros se indican en `errors`, y todos en formato CSV si se envía el mismo archivo a `problems_csv`; no se guardó nada
problem-import-not-utf8 = el archivo no es texto UTF-8: el primer byte no válido es el byte { $byte }, en la línea { $line }; guárdelo como CSV UTF-8
problem-import-not-xlsx = el archivo no es un libro XLSX: { $reason }
problem-import-file-unreadable = no se puede leer el archivo: { $reason }

## Las listas y sus cifras

problem-figure-only = `{ $name }` solo se aplica con `figure={ $figure }`
problem-unattributed-needs-country = `figure` `unattributed` requiere `country`: solo los participantes de un país pueden quedar sin atribuir
problem-institution-needed = `institution` es obligatorio con `figure=institution`
problem-donor-needed = `donor` es obligatorio con `figure=funding`: la cifra es la de un solo donante
problem-currency-needed = `currency` es obligatorio con `figure=funding`
problem-cursor-unknown = `cursor` no es un cursor emitido por este servidor para esta consulta
problem-table-csv-only = `table` solo se aplica a las exportaciones CSV
problem-table-not-in-workbook = `table` solo se aplica a las exportaciones CSV: un libro contiene todas las tablas

## Las respuestas del marco o de una capa intermedia

problem-request-refused = se rechazó la solicitud: { $reason }
problem-method-not-allowed = esta ruta no admite este método
problem-request-timed-out = la solicitud tardó demasiado y se abandonó; vuelva a intentarlo en breve
problem-request-not-served = no se pudo atender la solicitud
problem-url-too-long = la URL supera la longitud que el servidor lee (64 KiB)
problem-headers-too-large = los encabezados de la solicitud son demasiado grandes
problem-request-unparsable = no se puede analizar la línea de solicitud o un encabezado

## Los títulos: un breve resumen por tipo de problema

problem-title-malformed-json = JSON mal formado
problem-title-bad-request = Solicitud incorrecta
problem-title-unauthorized = Sesión no iniciada
problem-title-forbidden = Operación no permitida
problem-title-not-found = No encontrado
problem-title-payload-too-large = Solicitud demasiado grande
problem-title-unsupported-media-type = Tipo de medio no admitido
problem-title-validation = Valor no válido
problem-title-idempotency-key-reused = Clave de idempotencia reutilizada
problem-title-too-many-requests = Demasiadas solicitudes
problem-title-internal = Error interno
problem-title-unavailable = Servicio no disponible
problem-title-version-mismatch = El expediente ha cambiado
problem-title-already-planned = Ya planificada
problem-title-activity-cancelled = Actividad cancelada
problem-title-already-cancelled = Ya cancelada
problem-title-activity-reported = Actividad sobre la que ya se informó
problem-title-already-delivered = Ya realizada
problem-title-not-delivered = Aún no realizada
problem-title-no-funding-from-donor = Sin financiación de este donante
problem-title-activity-voided = Actividad invalidada
problem-title-already-voided = Ya invalidada
problem-title-not-recorded = Nada registrado que modificar
problem-title-participants-missing = Faltan los participantes
problem-title-already-registered = Ya registrado
problem-title-programme-code-taken = Código de programa ya asignado
problem-title-already-defined = Ya definido
problem-title-counted-indicator = Indicador calculado
problem-title-organisation-name-taken = Nombre de organización ya asignado
problem-title-token-exists = El token ya existe
problem-title-already-revoked = Ya revocado
problem-title-own-token = Un token no puede revocarse a sí mismo
problem-title-chain-broken = Cadena de hash rota
problem-title-iati-not-configured = Exportación IATI no configurada
problem-title-import-file = Archivo ilegible
problem-title-import-rows = Filas que infringen las reglas
problem-title-http = { $status ->
    [405] Método no permitido
    [408] Tiempo de espera agotado
    [414] URL demasiado larga
    [431] Encabezados de solicitud demasiado grandes
   *[other] Error HTTP { $status }
}

problem-language-person-only = solo una persona que inició sesión mediante el proveedor de identidad elige aquí su idioma; el idioma de un token se elige al emitirlo

# Participants: people who attended activities, their identifying details sealed.
problem-not-sealed = los datos sellados no son un nonce y un texto cifrado en base64
problem-score-out-of-range = una puntuación es un número entero de 0 a 100 (recibido: { $score })
problem-participant-not-registered = no se ha registrado ningún participante con este identificador
problem-participant-already-registered = ya hay un participante registrado con este identificador
problem-participant-erased = los datos del participante se borraron; el registro ya no puede cambiar
problem-participant-already-erased = los datos del participante ya se borraron
problem-merge-into-self = un participante no puede fusionarse consigo mismo
problem-merge-target-unknown = no se ha registrado ningún participante con el identificador de `into`
problem-merge-target-merged = el participante de `into` está fusionado con otro: fusione con ese
problem-merge-target-erased = el participante de `into` fue borrado
problem-participant-already-merged = el participante ya está fusionado con otro: sepárelos primero
problem-participant-not-merged = el participante no está fusionado con nadie
problem-not-same-as-self = `not_same_as` designa al propio participante
problem-attendee-twice = el participante { $id } figura dos veces en la lista
problem-unknown-attendee = no se ha registrado ningún participante con el identificador { $id }
problem-attendance-needs-reason = la actividad ya se notificó: una nueva lista de asistencia la modifica y requiere un motivo (`reason`)
problem-no-participant-with-id = no hay ningún participante registrado con el identificador { $id }
problem-sheet-unknown-column = la hoja tiene una columna `{ $column }` que no es name, sex, age_band, institution, country, function, email, phone, pre_score, post_score ni uno de los seis ámbitos del Grupo de Washington
problem-sheet-column-missing = la hoja no tiene columna `{ $column }`
problem-sheet-unknown-word = `{ $value }` no es un valor admitido para `{ $field }`
problem-sheet-washington-group-incomplete = las respuestas del Grupo de Washington solo figuran para algunos ámbitos: indique las seis o ninguna
problem-title-participant-erased = Participante borrado
problem-title-merge-state = Fusión imposible

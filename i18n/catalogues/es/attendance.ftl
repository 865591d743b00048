# Las palabras de tatrack en español: los participantes como personas (issue 28).

## Las categorías de una persona

participant-sex-female = Mujer
participant-sex-male = Hombre
participant-sex-other = Otro o no indicado
participant-age-under-18 = Menos de 18 años
participant-age-18-24 = 18–24 años
participant-age-25-34 = 25–34 años
participant-age-35-44 = 35–44 años
participant-age-45-54 = 45–54 años
participant-age-55-64 = 55–64 años
participant-age-65-and-over = 65 años o más
participant-age-not-given = No indicado
participant-wg-seeing = Dificultad para ver, incluso con anteojos
participant-wg-hearing = Dificultad para oír, incluso con audífono
participant-wg-walking = Dificultad para caminar o subir escalones
participant-wg-remembering = Dificultad para recordar o concentrarse
participant-wg-self-care = Dificultad para el cuidado personal, como lavarse o vestirse
participant-wg-communicating = Dificultad para comunicarse, como entender o ser entendido
participant-wg-no-difficulty = Ninguna dificultad
participant-wg-some-difficulty = Alguna dificultad
participant-wg-a-lot-of-difficulty = Mucha dificultad
participant-wg-cannot-do-at-all = No puede hacerlo en absoluto
participant-wg-not-asked = No preguntado
participant-wg-title = Discapacidad (preguntas del Grupo de Washington, opcionales)
participant-wg-hint = Haga las seis preguntas o ninguna. Déjelas sin respuesta si la persona prefiere no responder.
participant-wg-all-or-none = Responda las seis preguntas, o ninguna.
participant-wg-not-given = No indicado
participant-match-why-email = mismo correo electrónico
participant-match-why-name = mismos nombre, país e institución
participant-ground-subject-request = La persona pidió ser borrada
participant-ground-consent-withdrawn = La persona retiró su consentimiento
participant-ground-no-longer-needed = Ya no es necesario para su finalidad
participant-ground-unlawful = Conservado ilícitamente
participant-ground-legal-obligation = Una obligación legal de borrar
participant-erased-name = Participante borrado

## Los campos de una persona

participant-name = Nombre
participant-sex = Sexo
participant-age-band = Edad
participant-institution = Institución
participant-country = País
participant-function = Función
participant-function-hint = El cargo, por ejemplo «Fiscal».
participant-email = Correo electrónico
participant-phone = Teléfono
participant-disability = Discapacidad
participant-choose = Elegir…
participant-not-given = No indicado
participant-yes = Sí
participant-no = No
participant-consent-purpose = Consentimiento dado para
participant-consent-purpose-hint = Para qué aceptó la persona que se conserven sus datos.
participant-consent-purpose-default = Registro de formaciones e informes anónimos a los donantes
participant-consent-date = Consentimiento dado el
participant-pre-score = Prueba antes
participant-post-score = Prueba después
participant-score-hint = De 0 a 100; déjelo vacío si no hubo prueba.
participant-score-invalid = Escriba un número entero de 0 a 100, o déjelo vacío.
participant-missing-name = Escriba el nombre de la persona.
participant-missing-sex = Elija el sexo de la persona (u «Otro o no indicado»).
participant-missing-country = Elija el país de la persona.
participant-missing-purpose = Diga para qué dio su consentimiento la persona.
participant-missing-date = Indique la fecha del consentimiento.

## Los participantes en la página de una actividad

attendance-title = Participantes
attendance-loading = Cargando la lista de participantes…
attendance-none = Todavía no hay lista de participantes. Añada a las personas una a una o importe una hoja de asistencia; la lista llena entonces el número de participantes.
attendance-caption = { $count ->
    [one] { $count } persona en la lista
   *[other] { $count } personas en la lista
}
attendance-add = Añadir un participante
attendance-check-and-add = Comprobar y añadir
attendance-add-button = Añadir a la lista
attendance-match-legend = { $count ->
    [one] Alguien ya registrado puede ser esta persona. ¿Es la misma persona?
   *[other] Personas ya registradas pueden ser esta persona. ¿Es alguna de ellas la misma persona?
}
attendance-match-same = La misma persona: { $name } ({ $why })
attendance-match-not-same = No es la misma: registrar a una persona nueva
attendance-match-choose = Diga si es la misma persona o una nueva.
attendance-reason = Por qué cambia la lista
attendance-reason-hint = La actividad ya fue informada: el cambio se conserva en su historial con este motivo.
attendance-reason-missing = Diga por qué cambia la lista de una actividad ya informada.

## Importar una hoja de asistencia

sheet-title = Importar una hoja de asistencia
sheet-intro = Primero se comprueba la hoja y no se escribe nada: verá cada fila, sus problemas y las personas ya registradas que puede ser. Solo el último botón registra a las personas nuevas y la lista.
sheet-file = Hoja de asistencia (CSV o XLSX)
sheet-file-hint = Una fila de encabezado y luego una persona por fila. Columnas: { $columns }.
sheet-file-missing = Elija la hoja de asistencia que desea comprobar.
sheet-consent-hint = Para qué aceptó cada persona de la hoja que se conserven sus datos.
sheet-check = Comprobar la hoja
sheet-checking = Comprobando la hoja…
sheet-checked = { $rows ->
    [one] 1 fila leída
   *[other] { $rows } filas leídas
}: { $problems } con problemas, { $matches } con personas que quizá ya estén registradas. No se escribió nada.
sheet-rows-caption = Las filas de la hoja
sheet-column-row = Fila
sheet-column-person = Persona
sheet-column-scores = Pruebas
sheet-column-problems = Problemas
sheet-column-same = ¿Ya registrada?
sheet-scores = Antes { $before }, después { $after }
sheet-no-problems = Ninguno
sheet-problem-field = { $field }: { $detail }
sheet-new-person = Una persona nueva
sheet-same = La misma persona: { $name } ({ $why })
sheet-not-same = No es la misma: una persona nueva
sheet-choose = Diga si es la misma persona o una nueva.
sheet-fix-first = Corrija la hoja y vuelva a comprobarla: no se registra nada mientras una fila tenga problemas.
sheet-record = { $count ->
    [one] Registrar la asistencia de 1 persona
   *[other] Registrar la asistencia de { $count } personas
}
sheet-registering = Registrando la fila { $row } de { $rows }…
sheet-recording = Registrando la lista…

## La página de un participante

participant-erased-notice = Esta persona fue borrada: ya no se sabe quién era. Sus categorías siguen contando en las cifras.
participant-consent = Consentimiento
participant-consent-value = { $purpose } (dado el { $date })
participant-has-disability = Tiene una discapacidad (mucha dificultad, o no puede hacerlo en absoluto, en al menos un ámbito).
participant-has-no-disability = Sin discapacidad según el umbral del Grupo de Washington.
participant-merged-into = La misma persona que
participant-merged-into-link = el registro en el que se fusionó este
participant-activities = Actividades a las que asistió
participant-activities-caption = { $count ->
    [one] 1 actividad
   *[other] { $count } actividades
}
participant-activity = Actividad
participant-dates = Fechas
participant-no-activities = Todavía ninguna actividad.
participant-actions = Lo que puede hacer un responsable
participant-subject-access = Descargar todo lo que se conserva
participant-subject-access-hint = Un archivo JSON, para una persona que pregunta qué se conserva sobre ella. La descarga queda en el registro de auditoría.
participant-merge = Fusionar con otro registro
participant-merge-hint = Esta persona y otro registro son la misma persona: contarán una sola vez.
participant-merge-into = El otro registro
participant-merge-into-hint = Su identificador, o la dirección de su página.
participant-merge-into-missing = Indique el registro de la misma persona.
participant-merge-into-self = Un registro no puede fusionarse consigo mismo.
participant-split = Separar del registro fusionado
participant-split-hint = La fusión fue un error: los dos registros vuelven a contar como dos personas.
participant-reason = Motivo
participant-reason-missing = Indique el motivo.
participant-erase = Borrar
participant-erase-hint = Borrar destruye la clave de los datos de esta persona: su nombre, correo, teléfono y función no podrán volver a leerse nunca, aquí ni en ninguna copia de seguridad. Sus categorías se mantienen, así que las cifras no cambian. Las copias descargadas antes no se borran.
participant-erase-ground = Motivo del borrado
participant-erase-ground-missing = Elija el motivo del borrado.
participant-erase-confirm = Entiendo que esto no se puede deshacer.
participant-erase-confirm-missing = Marque la casilla para confirmar el borrado.

## La tarjeta del panel

trained-title = Personas formadas
trained-fewer-than = menos de { $below }
trained-not-shown = no se muestra
trained-distinct = { $count ->
    [one] persona distinta formada
   *[other] personas distintas formadas
}
trained-group = Grupo
trained-people = Personas
trained-by-sex = Por sexo
trained-by-age = Por edad
trained-more = Discapacidad y formación repetida
trained-with-disability = Con una discapacidad
trained-more-than-once = Formadas más de una vez
trained-gain = Aumento de conocimientos: { $gain } puntos de media entre las pruebas de antes y después, en { $trainings ->
    [one] 1 formación
   *[other] { $trainings } formaciones
}.
trained-gain-none = Aumento de conocimientos: ninguna formación con pruebas antes y después.
trained-note = Contado sobre las actividades con lista de participantes, cada persona una vez.
trained-suppressed-note = Contado sobre las actividades con lista de participantes, cada persona una vez. No se muestran los grupos de menos de { $below } personas ni, junto a uno solo de ellos, el grupo siguiente más pequeño, para que nadie pueda ser identificado ni deducido de un total.

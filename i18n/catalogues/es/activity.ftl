# tatrack en español: las páginas del asesor (planificar una actividad, la página de la actividad
# y sus acciones, las listas de actividades, la importación, lo que guarda el dispositivo) y las
# listas cerradas del ámbito. Mismos identificadores que en/activity.ftl.

## Las listas cerradas: cada código de la API, en palabras

vocab-delivery-mode = { $mode ->
    [in_person] Presencial
    [online] En línea
    [hybrid] Híbrida
   *[other] { $mode }
}
vocab-field = { $field ->
    [programme_id] Programa
    [kind] Tipo
    [title] Título
    [countries] Países
    [location] Lugar
    [planned_start] Inicio previsto
    [planned_end] Fin previsto
    [description] Descripción
    [start] Inicio
    [end] Fin
    [mode] Modalidad
    [female] Mujeres
    [male] Hombres
    [other_or_undisclosed] Otro o no declarado
    [by_institution] Por institución
    [by_country] Por país
    [participants] Participantes
    [delivery] Ejecución
    [funding] Financiación
    [outputs] Productos
    [output] Producto
    [line] Línea de financiación
    [donor] Donante
    [amount] Importe
    [currency] Moneda
    [reason] Motivo
    [changes] Cambios
    [status] Estado
   *[other] { $field }
}

## Elegir los países

activity-country-placeholder = Nombre o código ISO
activity-country-chosen = Países elegidos
activity-country-add = Añadir
activity-country-remove = Quitar { $country }
activity-country-ambiguous = «{ $typed }» puede ser { $some }: escriba más letras del nombre.
activity-country-ambiguous-more = «{ $typed }» puede ser { $some } u otros países: escriba más letras del nombre.
activity-country-unknown = Ningún país se llama «{ $typed }»: escriba su nombre o su código ISO, por ejemplo BOL.
activity-country-not-yours = { $country } no es uno de sus países ({ $yours }).

## Planificar una actividad

plan-title = Planificar una actividad
plan-programme = Programa
plan-programme-choose = Elija un programa
plan-kind = Tipo
plan-kind-choose = Elija un tipo
plan-activity-title = Título
plan-countries = Países
plan-countries-hint = Un país, o varios para una actividad regional.
plan-location = Lugar
plan-location-hint = Ciudad o sede; «en línea» para las actividades a distancia.
plan-start = Inicio previsto
plan-end = Fin previsto
plan-description = Descripción
plan-submit = Planificar la actividad
plan-missing-programme = Elija el programa al que pertenece la actividad.
plan-missing-kind = Elija el tipo de actividad.
plan-missing-title = Dé un título a la actividad.
plan-missing-location = Indique dónde tiene lugar: una ciudad, una sede o «en línea».
plan-missing-start = Indique el día en que está previsto que empiece.
plan-missing-end = Indique el día en que está previsto que termine.
plan-missing-countries = Añada el país donde tiene lugar (varios para una actividad regional).
plan-end-before-start = El fin previsto es anterior al inicio previsto.

## La página de la actividad: su registro

activity-not-found = No hay ninguna actividad registrada con el identificador { $id }.
activity-kept = Guardado en este dispositivo ({ $count })
activity-pending = { $count ->
    [one] Se muestra tal como quedará una vez enviado el cambio guardado en este dispositivo.
   *[other] Se muestra tal como quedará una vez enviados los { $count } cambios guardados en este dispositivo.
}
activity-past = Tal como estaba en la versión { $version }, registrada el { $recorded }.
activity-show-current = Mostrar el estado actual
activity-actions = Lo que puede hacer ahora
activity-fact-status = Estado
activity-fact-status-waiting = pendiente de envío
activity-fact-programme = Programa
activity-fact-kind = Tipo
activity-fact-countries = Países
activity-fact-location = Lugar
activity-fact-planned = Fechas previstas
activity-fact-delivered = Ejecución
activity-fact-delivered-value = { $days } ({ $mode })
activity-fact-participants = Participantes
activity-fact-participants-value = { $total } (mujeres { $female }, hombres { $male }, otro o no declarado { $other })
activity-funding-entry = { $donor }: { $amount }
activity-output-entry = { $kind }: { $description }
activity-fact-funding = Financiación
activity-fact-outputs = Productos
activity-fact-cancelled-because = Motivo de la cancelación
activity-fact-voided-because = Motivo de la invalidación
activity-fact-description = Descripción
activity-fact-version = Versión
activity-fact-version-pending = { $now } ahora, { $then } tras el envío

## La página de la actividad: lo que se puede hacer, un formulario por acción

activity-action-reschedule = Reprogramar
activity-action-record-delivery = Registrar la ejecución
activity-action-fix-delivery = Corregir las fechas o la modalidad de ejecución
activity-action-record-participants = Registrar los participantes
activity-action-amend-participants = Modificar los participantes
activity-action-attribute-funding = Atribuir financiación
activity-action-withdraw-funding = Retirar financiación
activity-action-record-output = Registrar un producto
activity-action-correct = Corregir los datos previstos
activity-action-cancel = Cancelar la actividad
activity-action-report = Presentar el informe y bloquear
activity-action-amend-delivery = Modificar la ejecución, con un motivo
activity-action-amend-funding = Modificar una línea de financiación
activity-action-amend-output = Modificar un producto
activity-action-remove-output = Eliminar un producto registrado por error
activity-action-void = Invalidar este registro
activity-reason = Motivo
activity-reason-optional = Opcional.
activity-reason-kept-hint = Se conserva en el historial con el valor anterior y el nuevo.
activity-reason-amendment = Motivo de la modificación
activity-reason-correction = Motivo de la corrección
activity-reason-removal = Motivo de la eliminación
activity-reason-void = Motivo de la invalidación
activity-reschedule-start = Nuevo inicio
activity-reschedule-end = Nuevo fin
activity-delivery-started = Inicio
activity-delivery-ended = Fin
activity-delivery-mode = Modalidad
activity-fix-delivery-hint = Sustituye la ejecución registrada antes, mientras no se haya presentado el informe de la actividad; no se pide motivo.
activity-amend-delivery-hint = Una modificación conserva su motivo y los valores anterior y nuevo en el historial; una vez presentado el informe, es la única forma de cambiar la ejecución.
activity-participants-women = Mujeres
activity-participants-men = Hombres
activity-participants-other = Otro o no declarado
activity-participants-by-institution = Por institución (opcional)
activity-participants-by-country = Por país (opcional, actividad regional)
activity-participants-total = Total: { $sum ->
    [one] { $sum } participante
   *[other] { $sum } participantes
}{ $institutions ->
    [0] {""}
   *[other] ; instituciones: { $institutions }
}{ $countries ->
    [0] {""}
   *[other] ; países: { $countries }
}
activity-participants-institutions-exceed = Las instituciones suman { $parts }, más que los { $sum } participantes.
activity-participants-countries-exceed = Los países suman { $parts }, más que los { $sum } participantes.
activity-funding-donor = Donante
activity-funding-donor-hint = Elija una organización registrada o escriba el nombre del donante tal como se registró.
activity-funding-currency = Moneda
activity-funding-amount = Importe
activity-funding-line = Línea de financiación
activity-amount-hint = { $decimals ->
    [0] Sin decimales para { $currency }.
    [one] Hasta { $decimals } decimal para { $currency }.
   *[other] Hasta { $decimals } decimales para { $currency }.
}
activity-amount-invalid = { $decimals ->
    [0] Escriba el importe sin decimales, por ejemplo { $example }.
    [one] Escriba el importe con { $decimals } decimal como máximo, por ejemplo { $example }.
   *[other] Escriba el importe con { $decimals } decimales como máximo, por ejemplo { $example }.
}
activity-output-kind = Tipo de producto
activity-output-description = Descripción
activity-output-which = Producto
activity-void-explained = La invalidación es para un duplicado o un registro hecho por error: la actividad deja de contar en todas las cifras, y permanece en su historial y en el registro de auditoría. No se puede deshacer.
activity-report-explained = Presentar el informe bloquea este registro: después solo puede cambiar mediante una modificación o una corrección, cada una con su motivo. Quedarán bloqueados:
activity-report-delivery = Ejecución: { $delivery }
activity-report-participants = Participantes: { $participants }
activity-report-funding = Financiación: { $funding }
activity-report-outputs = Productos: { $outputs }
activity-report-delivery-none = Ejecución: ninguna
activity-report-participants-none = Participantes: ninguno registrado
activity-report-funding-none = Financiación: ninguna

## La página de la actividad: su historial

activity-history-title = Historial
activity-history-at-instant = Mostrar la actividad en un momento dado
activity-history-as-of = Tal como estaba el (UTC)
activity-history-show = Mostrar
activity-history-as-it-stood = (tal como estaba entonces)
activity-history-by = { $role ->
    [adviser] { $actor } (asesor)
    [manager] { $actor } (responsable)
    [donor] { $actor } (donante)
    [admin] { $actor } (administrador)
   *[none] { $actor }
}
activity-history-someone = desconocido
activity-history-version = versión { $version }
activity-history-reason = Motivo: { $reason }
activity-history-field = { $field }:
activity-history-nothing = nada

## Las listas de actividades («Mis actividades», y las listas que abren las cifras de un panel)

list-title-mine = Mis actividades
list-title = Actividades
list-needs-doing = Pendiente ({ $count })
list-needs-doing-none = No tiene nada pendiente.
list-next-step-overdue = Fechas previstas vencidas: registre la ejecución, reprograme o cancele la actividad.
list-next-step-report = Realizada, pero sin informe todavía.
list-column-activity = Actividad
list-column-kind = Tipo
list-column-countries = Países
list-column-date = Fecha
list-column-status = Estado
list-column-participants = Participantes
list-column-next-step = Próximo paso
list-filters-summary = Filtrar la lista
list-filters-label = Filtrar las actividades
list-filter-status = Estado
list-filter-status-any = Cualquier estado
list-filter-country = País
list-filter-country-any = Cualquier país
list-filter-programme = Programa
list-filter-programme-any = Cualquier programa
list-filter-from = Desde
list-filter-to = Hasta
list-filters-show = Mostrar
list-filters-clear = Borrar
list-filters-also = También filtrada por { $filters }.
list-filter-by-kind = tipo { $kind }
list-filter-by-donor = donante { $donor }
list-filters-remove = Quitar estos filtros
list-search-label = Buscar actividades
list-search-hint = Palabras de un título, lugar, descripción, producto o donante
list-search-button = Buscar
list-matching = Actividades que coinciden
list-all = Todas las actividades de su ámbito
list-download-what = estas actividades
list-shown = { $count ->
    [one] { $count } mostrada.
   *[other] { $count } mostradas.
}
list-shown-more = { $count ->
    [one] { $count } mostrada, hay más.
   *[other] { $count } mostradas, hay más.
}
list-none = Ninguna actividad coincide.
list-show-more = Mostrar más
list-figure-activities = Actividades contabilizadas (ni canceladas ni invalidadas)
list-figure-participants = Participantes
list-figure-female = Mujeres
list-figure-male = Hombres
list-figure-other = Participantes de otro sexo o de sexo no declarado
list-figure-unattributed = Participantes no atribuidos a un país
list-figure-institution = Participantes (institución: { $institution })
list-figure-outputs = Productos
list-figure-output = Productos: { $output }
list-figure-funding = Financiación de { $donor } en { $currency }
list-figure-every-activity = Mostrar en su lugar todas las actividades de estos filtros
list-figure-note = La cifra del panel «{ $figure }»: { $count ->
    [one] { $count } actividad
   *[other] { $count } actividades
}{ $complete ->
    [yes] .
   *[no] {" "}por ahora; muestre más para ver el resto.
}
list-figure-note-sum = La cifra del panel «{ $figure }»: { $count ->
    [one] { $count } actividad
   *[other] { $count } actividades
}, que suman { $sum }{ $complete ->
    [yes] .
   *[no] {" "}por ahora; muestre más para ver el resto.
}

## Importar actividades pasadas

import-title = Importar actividades pasadas
import-intro = Incorpore actividades registradas en otro lugar, una fila por actividad, desde un archivo CSV o XLSX. Cada fila pasa por las mismas reglas que un formulario.
import-template = La plantilla, con una fila de ejemplo en su ámbito:
import-template-csv = Plantilla (CSV)
import-template-xlsx = Plantilla (XLSX)
import-form-label = El archivo que se importará
import-file = Su archivo (CSV o XLSX)
import-file-hint = Una fila por actividad, con las columnas de la plantilla. La comprobación no escribe nada: primero verá el resultado de cada fila.
import-partial = Escribir las filas válidas aunque otras tengan problemas (de lo contrario no se escribe nada a menos que todas las filas sean correctas)
import-check = Comprobar el archivo
import-file-missing = Elija el archivo CSV o XLSX que desea importar.
import-sending = Enviando el archivo…
import-sending-share = Enviando el archivo… { $percent } %
import-checking = Comprobando cada fila…
import-writing = Comprobando y escribiendo cada fila…
import-rows-caption = Cada fila del archivo (la fila 1 es el encabezado)
import-column-row = Fila
import-column-outcome = Resultado
import-column-activity = Actividad
import-column-problems = Problemas
import-no-problems = Ninguno
import-outcome = { $outcome ->
    [would_import] Se puede importar
    [invalid] Tiene problemas: no se escribió
    [imported] Importada
    [already_imported] Ya importada: nada nuevo
    [failed] Rechazada al escribirla
   *[other] { $outcome }
}
import-open-activity = Abrir la actividad de la fila { $row }
import-problem-column = { $column } (columna { $header }): { $detail }
import-problem-cell = { $problem } (la celda dice «{ $value }»)
import-checked = { $rows ->
    [one] { $rows } fila comprobada
   *[other] { $rows } filas comprobadas
}: { $ready } se { $ready ->
    [one] puede
   *[other] pueden
} importar, { $invalid } con problemas. No se escribió nada.
import-done = Listo: { $rows ->
    [one] { $rows } fila
   *[other] { $rows } filas
}, { $imported } { $imported ->
    [one] importada
   *[other] importadas
}{ $before ->
    [0] {""}
   *[other] , { $before } ya importadas antes
}{ $unwritten ->
    [0] {""}
   *[other] , { $unwritten } sin escribir
}.
import-refused = { $total ->
    [one] { $total } problema
   *[other] { $total } problemas
} en el archivo: no se escribió nada. Corrija las filas y vuelva a comprobar el archivo.
import-first-listed = Se indican los { $listed } primeros.
import-all-or-none = La importación escribe todas las filas o ninguna: corrija las filas con problemas y vuelva a comprobar el archivo, o marque «Escribir las filas válidas».
import-valid-rows = { $rows ->
    [one] Importar la fila sin problemas
   *[other] Importar las { $rows } filas sin problemas
}
import-activities = { $count ->
    [one] Importar { $count } actividad
   *[other] Importar { $count } actividades
}
import-see-activities = Ver las actividades

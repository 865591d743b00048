# tatrack en español: las filas de encabezado de los archivos exportados (CSV, XLSX), nombres
# de hojas incluidos, y los botones de descarga de la aplicación. Mismos identificadores que en.

## Hojas

column-countries = Países
column-funding = Financiación
column-institutions = Instituciones
column-programmes = Programas
column-donors = Donantes
column-summary = Resumen
column-events = Eventos

## Las actividades y su detalle

column-id = Identificador
column-activities = Actividades
column-programme-id = Identificador del programa
column-programme-code = Código del programa
column-kind = Tipo
column-status = Estado
column-title = Título
column-location = Lugar
column-date = Fecha
column-planned-start = Inicio previsto
column-planned-end = Fin previsto
column-delivery-start = Inicio de la ejecución
column-delivery-end = Fin de la ejecución
column-female = Mujeres
column-male = Hombres
column-other-or-undisclosed = Otro o no declarado
column-participants = Participantes
column-version = Versión
column-activity-id = Identificador de la actividad
column-country = País
column-unattributed = Participantes no atribuidos
column-donor = Donante
column-currency = Moneda
column-amount = Importe
column-organisation-id = Identificador de la organización
column-institution = Institución
column-outputs = Productos

## Programas y donantes

column-code = Código
column-name = Nombre
column-thematic-area = Área temática
column-recorded-as = Registrado como

## Resúmenes (una fila por cifra)

column-scope-type = Tipo de ámbito
column-scope = Ámbito
column-from = Desde
column-to = Hasta
column-kind-filter = Filtro por tipo de actividad
column-as-of = A fecha de
column-as-of-position = A la posición del registro
column-measure = Medida
column-dimension = Dimensión
column-category = Categoría
column-subcategory = Subcategoría
column-value = Valor

## El registro de auditoría

column-seq = Eslabón de la cadena
column-position = Posición en el registro
column-recorded-at = Registrado el
column-aggregate-type = Tipo de registro
column-aggregate-id = Identificador del registro
column-sequence = Secuencia del registro
column-event-type = Tipo de evento
column-event-version = Versión del evento
column-actor = Autor
column-role = Función
column-request-id = Identificador de la solicitud
column-reason = Motivo
column-idempotency-key = Clave de idempotencia
column-payload = Contenido
column-metadata = Metadatos
column-link = Huella de la cadena


## Archivos IATI: las palabras propias de tatrack, una narración por idioma (lo que escribieron las personas se mantiene tal cual)

iati-kind-in-location = { $kind ->
    [training] Capacitación en { $location }
    [workshop] Taller en { $location }
    [legislative_assistance] Asistencia legislativa en { $location }
    [pre_accession_support] Apoyo a la adhesión en { $location }
    [assessment_mission] Misión de evaluación en { $location }
    [expert_group_meeting] Reunión de grupo de expertos en { $location }
    [mentoring] Mentoría en { $location }
    [joint_operation_support] Apoyo a una operación conjunta en { $location }
    [e_learning] Módulo de aprendizaje en línea en { $location }
    [publication] Publicación en { $location }
   *[other] Actividad en { $location }
}
iati-output-law-drafted = Ley redactada
iati-output-law-amended = Ley modificada
iati-output-strategy-adopted = Estrategia adoptada
iati-output-accession-deposited = Instrumento de adhesión depositado
iati-output-manual-published = Manual publicado
iati-output-network-established = Red establecida
iati-output-other = Otro producto
iati-people-trained = Personas capacitadas
iati-people-trained-description = Personas distintas de la lista de asistencia de la actividad, cada una contada una sola vez. Los recuentos por sexo y grupo de edad solo se dan para grupos de cinco personas o más; no se publica ningún dato personal.

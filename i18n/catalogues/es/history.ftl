# tatrack en español: el historial de una actividad y de un programa, evento por evento.
# Los códigos llegan como $kind, $mode, $output_kind, $area; cada idioma elige sus palabras.

history-kind-word = { $kind ->
    [training] capacitación
    [workshop] taller
    [legislative_assistance] asistencia legislativa
    [pre_accession_support] apoyo previo a la adhesión
    [assessment_mission] misión de evaluación
    [expert_group_meeting] reunión de grupo de expertos
    [mentoring] mentoría
    [joint_operation_support] apoyo a una operación conjunta
    [e_learning] aprendizaje en línea
    [publication] publicación
   *[other] { $kind }
}
history-mode-word = { $mode ->
    [in_person] presencial
    [online] en línea
    [hybrid] híbrida
   *[other] { $mode }
}
history-output-word = { $output_kind ->
    [law_drafted] ley redactada
    [law_amended] ley modificada
    [strategy_adopted] estrategia aprobada
    [accession_deposited] instrumento de adhesión depositado
    [manual_published] manual publicado
    [network_established] red establecida
   *[other] otro producto
}
history-area-word = { $area ->
    [organized_crime] delincuencia organizada
    [trafficking_in_persons] trata de personas
    [smuggling_of_migrants] tráfico ilícito de migrantes
    [firearms] armas de fuego
    [corruption] corrupción
    [money_laundering] blanqueo de dinero
    [cybercrime] ciberdelincuencia
    [terrorism_prevention] prevención del terrorismo
    [drugs] drogas
    [crime_prevention] prevención del delito
    [wildlife_and_forest_crime] delitos contra la vida silvestre y los bosques
   *[other] { $area }
}

## Los eventos de una actividad

history-planned = Planificación: { history-kind-word } «{ $title }» — { $countries } ({ $location }), del { $start } al { $end }
history-rescheduled = Nuevas fechas: del { $start } al { $end }
history-delivered = Ejecución del { $start } al { $end } ({ history-mode-word })
history-people = { $total } participantes ({ $female } mujeres, { $male } hombres, { $other } otro o no declarado)
history-participants = Registro de { $people }
history-attendance = Lista de asistencia registrada: { $count ->
        [one] una persona
       *[other] { $count } personas
    }{ $confirmed ->
        [0] {""}
        [one] , una de ellas confirmada como ya registrada
       *[other] , { $confirmed } de ellas confirmadas como ya registradas
    }
history-funding = Financiación de { $amount } { $currency } atribuida por { $donor }
history-funding-withdrawn = Retiro de toda la financiación de { $donor }
history-output = Producto registrado: { history-output-word }: { $description }
history-corrected = Corrección de: { $fields }
history-cancelled = Cancelación
history-reported = Informe: el registro queda bloqueado
history-delivery-amended = Modificación de la ejecución: { $fields }
history-participants-amended = Participantes modificados: { $people }
history-funding-amended = Línea de financiación { $line } modificada: { $amount } { $currency } de { $donor }
history-output-amended = Producto { $output } modificado: { history-output-word }: { $description }
history-output-removed = Producto { $output } eliminado, registrado por error
history-output-removed-described = Producto { $output } ({ history-output-word }: { $description }) eliminado, registrado por error
# $event: the event as the code names it.
history-event = Evento aún sin descripción: { $event }
history-voided = Invalidación: el registro ya no cuenta en ninguna parte

## Los eventos de un programa

history-programme-registered = Registro de { $code } «{ $name }» ({ history-area-word })
history-contribution = Contribución de { $amount } { $currency } recibida de { $donor } el { $date }
history-outcome = Resultado previsto definido: «{ $name }»
history-indicator = Indicador definido: «{ $name }»
history-indicator-revised = Indicador «{ $name }» revisado: { $reason }
history-actual = Valor { $value } comunicado para { $year }, indicador { $indicator }: { $reason }

# Participants (people who attended activities).
participant-erased = participante borrado
participant-subject-access-note = Todo lo que tatrack conserva sobre esta persona: sus datos (abiertos con su propia clave), las categorías con que se la cuenta, el consentimiento y su finalidad, y las actividades a las que asistió con sus resultados en las pruebas. Los metadatos de los eventos indican quién registró cada cambio.

# es: report (issue 27): las estadísticas de actividades del informe anual, en el español de los
# documentos de las Naciones Unidas. Los números hasta diez llegan en letras ($words), los demás
# en cifras; $count elige la forma. Los Estados llegan con su artículo («el Níger»).

## Fechas: «20 de octubre de 2019», «del 20 al 24 de octubre de 2019», «del 28 de octubre al
## 1 de noviembre de 2019», «del 30 de diciembre de 2019 al 3 de enero de 2020».
report-date = { $day } de { $month } de { $year }
report-dates-in-month = del { $start-day } al { $end-day } de { $month } de { $year }
report-dates-in-year = del { $start-day } de { $start-month } al { $end-day } de { $end-month } de { $year }
report-dates-across-years = del { $start } al { $end }

## El marco del informe.
report-title = Estadísticas de actividades, { $dates }
report-scope = Actividades realizadas { $dates } ({ $programmes }).
report-scope-donor = Actividades realizadas { $dates } ({ $programmes }, actividades financiadas por { $donor }).
report-all-programmes = todos los programas
report-nothing-delivered = No se realizó ninguna actividad en este período.
report-programmes = Programas: { $programmes }.
report-basis = Calculado a partir del registro de eventos hasta el eslabón { $seq } de la cadena de hash (posición { $position } en el registro, hash { $link }). `tatrack report --verify` vuelve a calcular cada cifra a partir del registro en ese punto e indica si sigue siendo exacta.
report-basis-as-of = Calculado a partir del registro de eventos hasta el eslabón { $seq } de la cadena de hash (posición { $position } en el registro, hash { $link }), contando solo los eventos registrados hasta { $as-of }. `tatrack report --verify` vuelve a calcular cada cifra a partir del registro en ese punto e indica si sigue siendo exacta.
report-signed = Ese eslabón está firmado con la clave Ed25519 { $key-id } el { $signed-at } (firma { $signature }); `tatrack report --verify --public-key` comprueba la firma.
report-evidence = Justificantes
report-evidence-entry = { $label } ({ $id }): { $query }. Actividades: { $activities }.
report-activity-dates = { $title } ({ $dates })

## Esferas temáticas, como epígrafes.
report-area = { $area ->
    [organized_crime] Delincuencia organizada
    [trafficking_in_persons] Trata de personas
    [smuggling_of_migrants] Tráfico ilícito de migrantes
    [firearms] Armas de fuego
    [corruption] Corrupción
    [money_laundering] Blanqueo de dinero
    [cybercrime] Ciberdelincuencia
    [terrorism_prevention] Prevención del terrorismo
    [drugs] Drogas
    [crime_prevention] Prevención del delito
    [wildlife_and_forest_crime] Delitos contra la vida silvestre y los bosques
   *[other] { $words }
}

## Tipos de actividad: como etiqueta («taller») y contados («dos talleres»).
report-kind = { $kind ->
    [pre_accession_support] apoyo previo a la adhesión
    [legislative_assistance] asistencia legislativa
    [assessment_mission] misión de evaluación
    [training] capacitación
    [mentoring] mentoría
    [joint_operation_support] apoyo a operaciones conjuntas
    [e_learning] aprendizaje electrónico
    [publication] publicación
    [workshop] taller
    [expert_group_meeting] reunión de grupo de expertos
   *[other] { $words }
}
report-kind-count = { $kind ->
    [pre_accession_support] { $count ->
        [1] una actividad de apoyo previo a la adhesión
       *[other] { $words } actividades de apoyo previo a la adhesión
    }
    [legislative_assistance] { $count ->
        [1] una actividad de asistencia legislativa
       *[other] { $words } actividades de asistencia legislativa
    }
    [assessment_mission] { $count ->
        [1] una misión de evaluación
       *[other] { $words } misiones de evaluación
    }
    [training] { $count ->
        [1] una capacitación
       *[other] { $words } capacitaciones
    }
    [mentoring] { $count ->
        [1] una actividad de mentoría
       *[other] { $words } actividades de mentoría
    }
    [joint_operation_support] { $count ->
        [1] una operación conjunta apoyada
       *[other] { $words } operaciones conjuntas apoyadas
    }
    [e_learning] { $count ->
        [1] un curso de aprendizaje electrónico
       *[other] { $words } cursos de aprendizaje electrónico
    }
    [publication] { $count ->
        [1] una publicación
       *[other] { $words } publicaciones
    }
    [workshop] { $count ->
        [1] un taller
       *[other] { $words } talleres
    }
   *[expert_group_meeting] { $count ->
        [1] una reunión de grupo de expertos
       *[other] { $words } reuniones de grupos de expertos
    }
}

## Los rótulos de las cifras.
report-label-activities = Actividades realizadas
report-label-states = Estados beneficiarios
report-label-kind-activities = Actividades del tipo «{ $kind }»
report-label-kind-states = Estados beneficiarios (tipo «{ $kind }»)
report-label-kind-in-state = { $kind } { $in-state }
report-label-event = Evento: { $title }
report-label-participants = Participantes
report-label-institution = Participantes ({ $institution })
report-label-output = Resultados: { $output }
report-label-funding = Financiación: { $donor } ({ $currency })

## El párrafo de una esfera.
report-activities = { $count ->
    [1] una actividad
   *[other] { $words } actividades
}
report-states = { $count ->
    [1] un Estado
   *[other] { $words } Estados
}
report-opening = { $dates }, en el marco de { $programmes }, se { $count ->
    [1] realizó
   *[other] realizaron
} { $activities } en { $states }.
report-comprised = Entre ellas hubo { $kinds }.
report-kind-sentence = { $kind ->
    [pre_accession_support] Se prestó apoyo previo a la adhesión a { $states }.
    [legislative_assistance] Se prestó asistencia legislativa a { $states }.
    [assessment_mission] { $count ->
        [1] Se realizó una misión de evaluación en { $states }.
       *[other] Se realizaron misiones de evaluación en { $states }.
    }
    [training] { $count ->
        [1] Una capacitación llegó a profesionales de { $states }.
       *[other] Las capacitaciones llegaron a profesionales de { $states }.
    }
    [mentoring] Se brindó mentoría en { $states }.
    [joint_operation_support] Se apoyaron operaciones conjuntas en { $states }.
    [e_learning] Los cursos de aprendizaje electrónico llegaron a { $states }.
    [publication] Se prepararon publicaciones para { $states }.
    [workshop] { $count ->
        [1] Se celebró un taller para { $states }.
       *[other] Se celebraron talleres para { $states }.
    }
   *[expert_group_meeting] { $count ->
        [1] Se celebró una reunión de grupo de expertos para { $states }.
       *[other] Se celebraron reuniones de grupos de expertos para { $states }.
    }
}
report-event-title = «{ $title }»
report-event-held = { $title } se celebró en { $location }
report-event-on = el { $dates }
report-event-from = { $dates }
report-event-in-state = ({ $state })
report-event-states = , y reunió a { $states }: { $names }
report-further-events = { $count ->
    [1] otro evento figura
   *[other] otros { $words } eventos figuran
} entre las cifras.
report-participants-count = { $count ->
    [1] un participante
   *[other] { $words } participantes
}
report-took-part = En total, { $count ->
    [1] asistió
   *[other] asistieron
} { $participants } ({ $by-sex })
report-by-sex = { $women }, { $men }
report-by-sex-other = { $women }, { $men } y { $other } cuyo sexo no se registró
report-women = { $count ->
    [0] ninguna mujer
    [1] una mujer
   *[other] { $words } mujeres
}
report-men = { $count ->
    [0] ningún hombre
    [1] un hombre
   *[other] { $words } hombres
}
report-among-them = , entre ellos { $institutions }
report-institution-count = { $institution ->
    [police] { $count ->
        [1] un agente de policía
       *[other] { $words } agentes de policía
    }
    [prosecutors] { $count ->
        [1] un fiscal
       *[other] { $words } fiscales
    }
    [judges] { $count ->
        [1] un juez
       *[other] { $words } jueces
    }
    [customs] { $count ->
        [1] un funcionario de aduanas
       *[other] { $words } funcionarios de aduanas
    }
    [border_guards] { $count ->
        [1] un guardia de fronteras
       *[other] { $words } guardias de fronteras
    }
    [financial_intelligence] { $count ->
        [1] un funcionario de inteligencia financiera
       *[other] { $words } funcionarios de inteligencia financiera
    }
    [civil_society] { $count ->
        [1] un representante de la sociedad civil
       *[other] { $words } representantes de la sociedad civil
    }
    [government] { $count ->
        [1] un funcionario público
       *[other] { $words } funcionarios públicos
    }
    [legislators] { $count ->
        [1] un legislador
       *[other] { $words } legisladores
    }
    [academia] { $count ->
        [1] un académico
       *[other] { $words } académicos
    }
    [private_sector] { $count ->
        [1] un representante del sector privado
       *[other] { $words } representantes del sector privado
    }
   *[other] { $count ->
        [1] otro participante
       *[other] otros { $words } participantes
    }
}
report-institution = { $institution ->
    [police] policía
    [prosecutors] fiscalía
    [judges] judicatura
    [customs] aduanas
    [border_guards] guardia de fronteras
    [financial_intelligence] inteligencia financiera
    [civil_society] sociedad civil
    [government] administración pública
    [legislators] poder legislativo
    [academia] mundo académico
    [private_sector] sector privado
   *[other] { $words }
}
report-contributed = Las actividades contribuyeron a { $outputs }.
report-output-count = { $output ->
    [law_drafted] { $count ->
        [1] una ley redactada
       *[other] { $words } leyes redactadas
    }
    [law_amended] { $count ->
        [1] una ley modificada
       *[other] { $words } leyes modificadas
    }
    [strategy_adopted] { $count ->
        [1] una estrategia aprobada
       *[other] { $words } estrategias aprobadas
    }
    [accession_deposited] { $count ->
        [1] un instrumento de adhesión depositado
       *[other] { $words } instrumentos de adhesión depositados
    }
    [manual_published] { $count ->
        [1] un manual publicado
       *[other] { $words } manuales publicados
    }
    [network_established] { $count ->
        [1] una red establecida
       *[other] { $words } redes establecidas
    }
   *[other] { $count ->
        [1] otro resultado
       *[other] otros { $words } resultados
    }
}
report-output = { $output ->
    [law_drafted] ley redactada
    [law_amended] ley modificada
    [strategy_adopted] estrategia aprobada
    [accession_deposited] instrumento de adhesión depositado
    [manual_published] manual publicado
    [network_established] red establecida
   *[other] { $words }
}
report-output-states = { $output } ({ $states })
report-funded = Las actividades fueron financiadas por { $donors }.
report-donor-amounts = { $donor } ({ $amounts })
report-amount = { $amount } { $currency }


## Personas capacitadas, según las listas de asistencia (issue 28). De 1 a 4: «menos de cinco».
report-label-people-trained = Personas capacitadas (cada una contada una vez)
report-label-women-trained = Mujeres capacitadas
report-label-disability-trained = Personas con discapacidad capacitadas
report-label-trained-again = Personas capacitadas más de una vez
report-label-knowledge-gain = Aumento de conocimientos (puntos sobre 100)
report-fewer-than-five = menos de cinco
report-people-distinct = { $count ->
    [1] una persona distinta
   *[other] { $words } personas distintas
}
report-people-with-disability = { $count ->
    [1] una persona con discapacidad
   *[other] { $words } personas con discapacidad
}
report-people-count = { $count ->
    [1] una persona
   *[other] { $words } personas
}
report-people-trained = Las listas de asistencia recogen { $people }, entre ellas { $women } y { $disabled }; { $again } { $again-count ->
    [1] participó
   *[other] participaron
} en más de una actividad.
report-points = { $points } puntos sobre 100
report-knowledge-gain = { $direction ->
    [up] Según las pruebas previas y posteriores, las puntuaciones de los participantes aumentaron en promedio { $points }
    [down] Según las pruebas previas y posteriores, las puntuaciones de los participantes disminuyeron en promedio { $points }
   *[same] Según las pruebas previas y posteriores, las puntuaciones de los participantes variaron en promedio { $points }
} ({ $activities }).

## La página del informe en la aplicación (sus propias palabras; las del informe vienen de la API, en el idioma del informe).
report-page-title = Informe anual
report-page-intro = Las estadísticas de actividades de un informe anual, elaboradas a partir del registro: cada cifra remite a la pregunta que la produjo y a las actividades en que se basa.
report-page-choose = Elegir el período y el programa
report-page-from = Desde
report-page-to = Hasta
report-page-programme = Programa
report-page-all-programmes = Todos los programas
report-page-language = Idioma del informe
report-page-write = Elaborar el informe
report-page-downloads = Descargar este informe:
report-page-docx = Word (DOCX)
report-page-html = página imprimible (HTML)
report-page-markdown = Markdown
report-page-json = cifras (JSON)
report-page-programmes = Programas: { $programmes }.
report-page-basis = Calculado a partir del registro hasta el eslabón { $seq } de la cadena de hash (posición { $position }, hash { $hash }…).
report-page-nothing = No se realizó ninguna actividad en este período.
report-page-evidence = Justificantes
report-page-activities = { $count } { $count ->
    [one] actividad
   *[other] actividades
}:
report-page-dates = del { $start } al { $end }

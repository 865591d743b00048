# tatrack en español: el marco de la aplicación (cabecera, navegación, inicio de sesión, envíos pendientes).
# Los mismos identificadores que en.ftl.

## El marco de la página y la cabecera

skip-to-content = Ir al contenido
nav-label = Principal
language-label = Idioma
nav-my-activities = Mis actividades
nav-plan = Planificar una actividad
nav-import = Importar
nav-dashboard = Panel
nav-results = Resultados
nav-activities = Actividades
nav-report = Informe anual
nav-audit = Auditoría
nav-iati = IATI
nav-people = Personas
nav-tokens = Tokens
nav-who = { $name } ({ $role ->
    [adviser] asesor
    [manager] responsable
    [donor] donante
    [admin] administrador
   *[none] sin rol todavía
})
sign-out = Cerrar sesión

## El contador de envíos pendientes en la cabecera

outbox-waiting = { $waiting ->
    [one] { $waiting } pendiente de envío
   *[other] { $waiting } pendientes de envío
}
outbox-refused = { $refused ->
    [one] { $refused } rechazado
   *[other] { $refused } rechazados
}
outbox-waiting-and-refused = { outbox-waiting }, { outbox-refused }

## Inicio de sesión

signin-title = Iniciar sesión
signin-intro = tatrack registra las actividades de asistencia técnica, desde la planificación hasta el informe.
signin-form-label = Iniciar sesión con un token
signin-token = Su token de acceso
signin-token-hint = Pegue el token que recibió una sola vez; se cambia por una sesión y no se guarda en el navegador.
signin-button = Iniciar sesión
signin-token-missing = Pegue primero su token.
signin-failed = No se pudo iniciar sesión: { $reason }
signin-provider = Iniciar sesión con { $provider }
signin-other-ways = Otras formas de iniciar sesión

## Sesión iniciada sin rol

no-role-title = Sin rol todavía
no-role-signed-in = Ha iniciado sesión como { $name }, pero todavía no se le ha asignado ningún rol.
no-role-signed-in-email = Ha iniciado sesión como { $name } ({ $email }), pero todavía no se le ha asignado ningún rol.
no-role-ask = Pida a un administrador de tatrack que le asigne uno (o al grupo de su equipo) y vuelva a iniciar sesión.

## Sin conexión

offline-notice = Sin conexión: esta página muestra lo que este dispositivo guardó, obtenido el { $when }.

## La página de envíos pendientes: los cambios hechos sin conexión

outbox-title = Guardado en este dispositivo
outbox-intro = Los cambios hechos sin conexión esperan aquí, en el orden en que se hicieron, y se envían en cuanto vuelve la conexión. Los rechazados se quedan, con el motivo, hasta que los corrija o los descarte.
outbox-empty = No hay nada pendiente: todo se ha enviado.
outbox-send-now = Enviar ahora
outbox-discard-confirm = ¿Descartar «{ $label }» de { $title }? No se enviará.
outbox-state-waiting = Pendiente de envío
outbox-state-refused = Rechazado por el servidor: { $reason }
outbox-made = Hecho el { $made }
outbox-made-edited = Hecho el { $made }, modificado el { $edited }
outbox-put-right = Corregir
outbox-edit-before = Modificar antes del envío
outbox-edit-label = Modificar { $label }
outbox-list-hint = Separados por comas.
outbox-save = Guardar y volver a enviar
outbox-discard = Descartar

## Páginas que no se pueden mostrar

not-found-title = No encontrada
not-found = Esta página no existe.
not-found-start = Volver al inicio.
went-wrong-title = Algo salió mal

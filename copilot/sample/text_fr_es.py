"""French and Spanish email phrases for accounts that prefer `fr` or `es`."""

from __future__ import annotations

from copilot.sample.texts import TextPack, Topic

_FR_TOPICS = {
    "renewal": Topic(
        subjects=("Renouvellement de notre contrat", "Proposition de renouvellement"),
        inbound=(
            "Notre direction financière prépare le budget de l'année prochaine et souhaite recevoir une "
            "proposition actualisée. Merci de tenir compte du nombre actuel d'utilisateurs.",
            "Avant de renouveler, nous aimerions comprendre ce qui change dans les nouvelles offres. Nous "
            "utilisons surtout les tableaux de bord et deux connecteurs.",
            "Notre service achats a besoin de quelques documents pour le renouvellement, notamment votre "
            "certificat de sécurité et le contrat type.",
        ),
        outbound=(
            "Votre renouvellement approche, et je vous propose de faire le point sur l'utilisation de la "
            "plateforme cette année. Auriez-vous trente minutes la semaine prochaine ?",
            "J'ai préparé une proposition basée sur votre utilisation actuelle. Elle reprend les mêmes "
            "connecteurs et ajoute le support premium demandé par vos administrateurs.",
            "Notre service juridique a transmis le contrat type à votre service achats. Si vous souhaitez "
            "modifier les conditions de paiement, merci de me le signaler rapidement.",
        ),
    ),
    "dashboards": Topic(
        subjects=("Question sur les tableaux de bord", "Retours de l'équipe commerciale"),
        inbound=(
            "Notre équipe commerciale utilise les nouveaux tableaux de bord depuis quelques semaines. La "
            "demande principale est de pouvoir filtrer par région et par gamme de produits en même temps.",
            "Plusieurs collègues demandent s'il est possible d'envoyer automatiquement un rapport chaque "
            "lundi à 8 heures. Aujourd'hui, quelqu'un exporte les chiffres à la main.",
            "Un responsable a remarqué que les totaux de la page de synthèse ne correspondent pas à la vue "
            "détaillée. Pourriez-vous vérifier ce point ?",
        ),
        outbound=(
            "Il est déjà possible de combiner les filtres par région et par produit. Je peux montrer la "
            "démarche à votre équipe lors d'une courte session.",
            "Les rapports planifiés sont inclus dans votre offre. Vous les trouverez dans le menu Partager, "
            "où vous pouvez choisir le jour, l'heure et les destinataires.",
            "Merci d'avoir signalé cet écart. Il vient souvent d'un filtre appliqué uniquement à la vue "
            "détaillée. Pourriez-vous m'envoyer une capture des deux vues ?",
        ),
    ),
    "billing": Topic(
        subjects=("Question sur la facture {inv}", "Changement d'adresse de facturation"),
        inbound=(
            "Sur la facture {inv}, le nombre d'utilisateurs semble plus élevé que prévu. Pourriez-vous "
            "vérifier et nous envoyer une facture corrigée si nécessaire ?",
            "Notre comptabilité change de logiciel, merci d'envoyer les prochaines factures à une autre "
            "adresse que je vous communiquerai bientôt.",
            "Serait-il possible de passer d'une facturation trimestrielle à une facturation annuelle ? Cela "
            "simplifierait le travail de notre équipe financière.",
        ),
        outbound=(
            "Merci pour votre message. Notre service facturation vérifie la facture {inv} et je reviens vers "
            "vous dès que j'ai une réponse.",
            "La facturation annuelle est possible à partir de la prochaine période. J'ai demandé le "
            "changement et vous recevrez une confirmation écrite.",
            "J'ai mis à jour l'adresse de facturation dans notre système. La prochaine facture sera envoyée "
            "à la nouvelle adresse.",
        ),
    ),
    "connectors": Topic(
        subjects=("Problème de synchronisation {source}", "Nouvelle source de données {source}"),
        inbound=(
            "La synchronisation avec {source} a été beaucoup plus lente cette semaine. Les tableaux de bord "
            "ne sont mis à jour qu'à midi au lieu du matin.",
            "Nous souhaitons connecter {source} comme nouvelle source de données. Avez-vous une "
            "configuration recommandée, et faut-il créer un compte de service dédié ?",
            "Certaines lignes de {source} n'apparaissent pas dans les tableaux de bord. J'en ai compté "
            "environ {n} qui existent dans la source.",
        ),
        outbound=(
            "J'ai demandé à notre équipe support d'analyser la synchronisation avec {source}. Vous aurez un "
            "premier diagnostic dès demain.",
            "Pour {source}, nous recommandons un compte de service dédié en lecture seule. Je vous envoie le "
            "guide de configuration avec les droits nécessaires.",
            "Merci pour cette description précise. Nos ingénieurs ont trouvé une ancienne règle de filtrage "
            "et sont en train de la corriger.",
        ),
    ),
    "training": Topic(
        subjects=("Formation des nouveaux utilisateurs", "Atelier pour l'équipe finance"),
        inbound=(
            "Nous accueillons {n} nouveaux collaborateurs le mois prochain. Pourriez-vous organiser une "
            "courte présentation de la plateforme pour eux ?",
            "Nos utilisateurs avancés souhaitent une session sur les champs calculés et les indicateurs "
            "personnalisés. Est-ce possible dans le cadre de notre contrat ?",
            "Merci pour l'atelier de la semaine dernière. Les retours sont très positifs et l'équipe "
            "aimerait une suite.",
        ),
        outbound=(
            "Avec plaisir, nous pouvons organiser une présentation pour les nouveaux arrivants. Notre "
            "session standard dure une heure.",
            "Une session sur les champs calculés est une très bonne idée. Nous pourrons utiliser vos propres "
            "données pour les exemples.",
            "Je suis ravi que l'atelier vous ait été utile. Pour la suite, je propose une session pratique "
            "où chacun construit son propre rapport.",
        ),
    ),
}

FR = TextPack(
    greetings={
        "formal": ("{honorific} {last},", "Bonjour {honorific} {last},"),
        "neutral": ("Bonjour {first},",),
        "casual": ("Salut {first},",),
    },
    honorifics={"f": "Madame", "m": "Monsieur"},
    openers={
        "first_in": (
            "J'espère que vous allez bien.",
            "Je me permets de vous contacter au sujet d'une question de notre équipe.",
        ),
        "first_out": (
            "J'espère que votre semaine se passe bien.",
            "Je reviens vers vous suite à notre dernier échange.",
        ),
        "reply_in": (
            "Merci pour votre réponse rapide.",
            "Merci pour ces précisions, cela nous aide beaucoup.",
        ),
        "reply_out": ("Merci pour votre retour.", "Merci pour ces détails, c'est très utile."),
    },
    closings={
        "in": ("Pourriez-vous me répondre d'ici la fin de la semaine ?", "Dans l'attente de votre retour."),
        "out": (
            "Si cela vous convient, nous pouvons nous appeler jeudi.",
            "N'hésitez pas à me contacter pour toute question.",
        ),
    },
    generic={
        "in": (
            "Par ailleurs, nous déménageons à la fin du mois, nos réponses pourront donc être un peu plus "
            "lentes.",
            "Lors de notre planification trimestrielle, l'analyse de données a été citée plusieurs fois "
            "comme priorité pour l'année prochaine.",
        ),
        "out": (
            "Nous organisons le mois prochain un webinaire sur la conception de tableaux de bord, et votre "
            "équipe y est la bienvenue.",
            "Notre prochaine version apporte plusieurs améliorations des filtres demandées par votre équipe.",
        ),
    },
    signoffs={
        "formal": ("Bien cordialement,", "Cordialement,"),
        "neutral": ("Cordialement,",),
        "casual": ("À bientôt,",),
    },
    topics=_FR_TOPICS,
    reply_prefix="RE : ",
)

_ES_TOPICS = {
    "renewal": Topic(
        subjects=("Renovación de nuestro contrato", "Propuesta de renovación"),
        inbound=(
            "Nuestro departamento financiero está preparando el presupuesto del próximo año y necesita una "
            "propuesta actualizada. Por favor, tengan en cuenta el número actual de usuarios.",
            "Antes de renovar, queremos entender qué cambia en los nuevos planes. Usamos sobre todo los "
            "paneles y dos conectores.",
            "Nuestro departamento de compras necesita algunos documentos para la renovación, entre ellos su "
            "certificado de seguridad y el contrato estándar.",
        ),
        outbound=(
            "Como su renovación se acerca, me gustaría revisar con ustedes el uso de la plataforma durante "
            "este año. ¿Tendría treinta minutos la próxima semana?",
            "He preparado una propuesta basada en su uso actual. Incluye los mismos conectores y añade el "
            "soporte premium que pidieron sus administradores.",
            "Nuestro equipo legal ha enviado el contrato estándar a su departamento de compras. Si necesitan "
            "cambios en las condiciones de pago, avísenme cuanto antes.",
        ),
    ),
    "dashboards": Topic(
        subjects=("Consulta sobre los paneles", "Comentarios del equipo de operaciones"),
        inbound=(
            "El equipo de operaciones lleva varias semanas usando los nuevos paneles. La petición principal "
            "es poder filtrar por región y por línea de producto a la vez.",
            "Varios compañeros preguntan si es posible enviar un informe automático cada lunes a las 8. "
            "Ahora mismo alguien exporta los datos a mano.",
            "Un responsable ha visto que los totales de la página de resumen no coinciden con la vista de "
            "detalle. ¿Podrían revisarlo?",
        ),
        outbound=(
            "Ya es posible combinar los filtros de región y producto. Con gusto se lo muestro a su equipo en "
            "una sesión breve.",
            "Los informes programados están incluidos en su plan. Los encontrará en el menú Compartir, donde "
            "puede elegir el día, la hora y los destinatarios.",
            "Gracias por avisarnos de la diferencia. Suele deberse a un filtro que solo se aplica a la vista "
            "de detalle. ¿Podría enviarme una captura de ambas vistas?",
        ),
    ),
    "billing": Topic(
        subjects=("Consulta sobre la factura {inv}", "Cambio de dirección de facturación"),
        inbound=(
            "En la factura {inv} el número de usuarios es mayor que el acordado. ¿Podrían revisarlo y "
            "enviarnos una factura corregida si corresponde?",
            "Nuestro departamento de contabilidad ha cambiado de sistema. Por favor, envíen las próximas "
            "facturas a otra dirección que les indicaré pronto.",
            "¿Sería posible pasar de facturación trimestral a anual? Simplificaría mucho el trabajo de "
            "nuestro equipo financiero.",
        ),
        outbound=(
            "Gracias por su mensaje. Nuestro equipo de facturación está revisando la factura {inv} y le "
            "responderé en cuanto tenga novedades.",
            "La facturación anual es posible a partir del próximo periodo. Ya he solicitado el cambio y "
            "recibirá una confirmación por escrito.",
            "He actualizado la dirección de facturación en nuestro sistema. La próxima factura se enviará a "
            "la nueva dirección.",
        ),
    ),
    "connectors": Topic(
        subjects=("Problema de sincronización con {source}", "Nueva fuente de datos: {source}"),
        inbound=(
            "La sincronización con {source} ha sido mucho más lenta esta semana. Los paneles se actualizan a "
            "mediodía en lugar de a primera hora.",
            "Queremos conectar {source} como nueva fuente de datos. ¿Tienen una configuración recomendada "
            "para la cuenta de servicio?",
            "Faltan algunos registros de {source} en los paneles. He contado unas {n} filas que existen en "
            "el origen pero no aparecen en su plataforma.",
        ),
        outbound=(
            "He pedido a nuestro equipo de soporte que revise la sincronización con {source}. Tendrá un "
            "primer diagnóstico mañana.",
            "Para {source} recomendamos una cuenta de servicio dedicada con acceso de solo lectura. Le envío "
            "la guía de configuración.",
            "Gracias por la descripción tan detallada. Nuestros ingenieros encontraron una regla de filtrado "
            "antigua y la están corrigiendo.",
        ),
    ),
    "training": Topic(
        subjects=("Formación para nuevos usuarios", "Taller para el equipo de finanzas"),
        inbound=(
            "El próximo mes se incorporan {n} personas nuevas al equipo. ¿Podrían organizar una breve "
            "introducción a la plataforma?",
            "Nuestros usuarios avanzados quieren una sesión sobre campos calculados y métricas "
            "personalizadas. ¿Es posible dentro de nuestro contrato?",
            "Gracias por el taller de la semana pasada. Los comentarios han sido muy positivos y el equipo "
            "quiere una segunda parte.",
        ),
        outbound=(
            "Con mucho gusto organizamos una introducción para las nuevas incorporaciones. Nuestra sesión "
            "estándar dura una hora.",
            "Una sesión sobre campos calculados es muy buena idea. Podemos usar sus propios datos para que "
            "los ejemplos resulten familiares.",
            "Me alegra que el taller haya sido útil. Para la segunda parte propongo una sesión práctica en "
            "la que cada persona cree su propio informe.",
        ),
    ),
}

ES = TextPack(
    greetings={
        "formal": ("Estimad{o} {honorific} {last}:",),
        "neutral": ("Hola, {first}:",),
        "casual": ("Hola {first},",),
    },
    honorifics={"f": "Sra.", "m": "Sr."},
    openers={
        "first_in": ("Espero que se encuentre bien.", "Le escribo por una consulta de nuestro equipo."),
        "first_out": (
            "Espero que esté teniendo una buena semana.",
            "Le escribo para dar seguimiento a nuestra última conversación.",
        ),
        "reply_in": (
            "Muchas gracias por su rápida respuesta.",
            "Gracias por la información, nos ayuda mucho.",
        ),
        "reply_out": ("Gracias por su respuesta.", "Gracias por los detalles, son muy útiles."),
    },
    closings={
        "in": ("¿Podría responderme antes del viernes?", "Quedo a la espera de sus comentarios."),
        "out": (
            "Si le parece bien, podemos hablar por teléfono el jueves.",
            "No dude en escribirme si tiene cualquier pregunta.",
        ),
    },
    generic={
        "in": (
            "Por otro lado, a final de mes cambiamos de oficina, así que quizá tardemos un poco más en "
            "responder.",
            "En nuestra planificación trimestral, el análisis de datos apareció varias veces como prioridad "
            "para el próximo año.",
        ),
        "out": (
            "El mes que viene organizamos un seminario web sobre diseño de paneles y su equipo está "
            "invitado.",
            "Nuestra próxima versión incluye varias mejoras en los filtros que su equipo había pedido.",
        ),
    },
    signoffs={
        "formal": ("Un cordial saludo,", "Saludos cordiales,"),
        "neutral": ("Saludos cordiales,",),
        "casual": ("Un saludo,",),
    },
    topics=_ES_TOPICS,
)

//! Demo data for a first start, so a newcomer sees a living network: members
//! from Mexico, Canada, the US and Europe, and upcoming events in English,
//! French and Spanish. Every demo member signs in with [`DEMO_PASSWORD`].

use super::clock::unix_now;
use super::passwords;
use crate::domain::event::{EventFormat, EventKind};
use crate::domain::{DisplayName, Email, Locale, Role, UserId};
use crate::error::AppError;
use crate::store::{NewUser, Store};
use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Tz;

pub const DEMO_PASSWORD: &str = "tandem-demo-password";

const MEMBERS: &[(&str, &str, Role, Locale)] = &[
    (
        "Ana Lucía Torres",
        "ana.torres@demo.tandem.example",
        Role::Organizer,
        Locale::Es,
    ),
    (
        "Marc-André Tremblay",
        "marc-andre.tremblay@demo.tandem.example",
        Role::Organizer,
        Locale::Fr,
    ),
    (
        "Grace Okafor",
        "grace.okafor@demo.tandem.example",
        Role::Member,
        Locale::En,
    ),
    (
        "Javier Hernández",
        "javier.hernandez@demo.tandem.example",
        Role::Member,
        Locale::Es,
    ),
    (
        "Claire Dubois",
        "claire.dubois@demo.tandem.example",
        Role::Member,
        Locale::Fr,
    ),
    (
        "Daniel Kim",
        "daniel.kim@demo.tandem.example",
        Role::Member,
        Locale::En,
    ),
    (
        "Sofía Ramírez",
        "sofia.ramirez@demo.tandem.example",
        Role::Member,
        Locale::Es,
    ),
    (
        "Eleni Papadopoulou",
        "eleni.papadopoulou@demo.tandem.example",
        Role::Member,
        Locale::En,
    ),
    (
        "Luca Bianchi",
        "luca.bianchi@demo.tandem.example",
        Role::Member,
        Locale::En,
    ),
    (
        "Isabelle Gagnon",
        "isabelle.gagnon@demo.tandem.example",
        Role::Member,
        Locale::Fr,
    ),
    (
        "Miguel Ángel Castro",
        "miguel.castro@demo.tandem.example",
        Role::Member,
        Locale::Es,
    ),
    (
        "Sarah Thompson",
        "sarah.thompson@demo.tandem.example",
        Role::Member,
        Locale::En,
    ),
];

struct DemoEvent {
    kind: &'static str,
    language: Locale,
    city: Option<(&'static str, &'static str)>,
    zone: &'static str,
    days_ahead: i64,
    local_hour: u32,
    minutes: i64,
    format: &'static str,
    capacity: Option<i64>,
    themes: &'static [&'static str],
    /// the agenda: titles, evenly spread over the event
    sessions: &'static [&'static str],
    /// speakers: indexes into [`MEMBERS`]
    speakers: &'static [usize],
    texts: [(Locale, &'static str, &'static str); 3],
}

const EVENTS: &[DemoEvent] = &[
    DemoEvent {
        kind: "webinar", language: Locale::En, city: None, zone: "America/New_York", days_ahead: 6, local_hour: 11, minutes: 90, format: "online", capacity: Some(500), themes: &["housing"], sessions: &["Welcome and context", "Community land trusts in Chicago", "Social rent in Lyon", "Questions from the audience"], speakers: &[2, 11],
        texts: [
            (Locale::En, "Financing affordable housing: lessons from paired cities", "City officials from Lyon and Montréal compare land trusts, social rent and public lenders."),
            (Locale::Fr, "Financer le logement abordable : leçons des villes jumelées", "Des élus de Lyon et de Montréal comparent organismes fonciers solidaires, loyers sociaux et prêteurs publics."),
            (Locale::Es, "Financiar la vivienda asequible: lecciones de ciudades hermanadas", "Funcionarios de Lyon y Montreal comparan fideicomisos de suelo, alquiler social y banca pública."),
        ],
    },
    DemoEvent {
        kind: "panel", language: Locale::Es, city: Some(("Mexico City", "MX")), zone: "America/Mexico_City", days_ahead: 13, local_hour: 10, minutes: 120, format: "hybrid", capacity: Some(120), themes: &["mobility"], sessions: &["Apertura", "Carriles bici: Querétaro y Sevilla", "Transporte eléctrico", "Seguridad vial", "Conclusiones"], speakers: &[0, 3, 8],
        texts: [
            (Locale::Es, "Movilidad urbana sostenible: del plan a la calle", "Un panel con la Ciudad de México, Sevilla y Chicago sobre carriles bici, transporte público eléctrico y seguridad vial."),
            (Locale::En, "Sustainable urban mobility: from plan to street", "A panel with Mexico City, Seville and Chicago on bike lanes, electric public transport and road safety."),
            (Locale::Fr, "Mobilité urbaine durable : du plan à la rue", "Une table ronde avec Mexico, Séville et Chicago sur les pistes cyclables, les transports publics électriques et la sécurité routière."),
        ],
    },
    DemoEvent {
        kind: "matchmaking", language: Locale::En, city: Some(("Montréal", "CA")), zone: "America/Toronto", days_ahead: 27, local_hour: 9, minutes: 480, format: "in_person", capacity: Some(80), themes: &["circular-economy"], sessions: &["Registration and coffee", "Circular procurement: what works", "One-to-one meetings, round 1", "Lunch", "One-to-one meetings, round 2", "Next steps for city pairs"], speakers: &[4, 1],
        texts: [
            (Locale::En, "C2C matchmaking day: circular economy", "One-to-one meetings between North American and European cities looking for partners on waste, reuse and circular procurement."),
            (Locale::Fr, "Journée de mise en relation entre villes : économie circulaire", "Des rendez-vous individuels entre villes nord-américaines et européennes à la recherche de partenaires sur les déchets, le réemploi et les achats circulaires."),
            (Locale::Es, "Jornada de encuentros C2C: economía circular", "Reuniones individuales entre ciudades de Norteamérica y Europa que buscan socios en residuos, reutilización y compras circulares."),
        ],
    },
    DemoEvent {
        kind: "talk", language: Locale::Fr, city: Some(("Lyon", "FR")), zone: "Europe/Paris", days_ahead: 34, local_hour: 18, minutes: 60, format: "in_person", capacity: Some(2), themes: &["nature-based-solutions", "climate-adaptation"], sessions: &["Cours d'école oasis", "Ce que Vancouver en a retenu"], speakers: &[4, 5],
        texts: [
            (Locale::Fr, "Renaturer la ville : solutions fondées sur la nature", "Comment Lyon transforme cours d'école et parkings en îlots de fraîcheur, et ce que Vancouver en a retenu."),
            (Locale::En, "Re-greening the city: nature-based solutions", "How Lyon turns schoolyards and car parks into cool islands, and what Vancouver took from it."),
            (Locale::Es, "Renaturalizar la ciudad: soluciones basadas en la naturaleza", "Cómo Lyon convierte patios escolares y estacionamientos en islas de frescor, y qué aprendió Vancouver."),
        ],
    },
    DemoEvent {
        kind: "conference", language: Locale::En, city: Some(("Athens", "GR")), zone: "Europe/Athens", days_ahead: 48, local_hour: 9, minutes: 540, format: "hybrid", capacity: Some(300), themes: &["climate-adaptation", "nature-based-solutions"], sessions: &["Opening plenary", "Heat: cooling the streets", "Water: sponge cities", "Lunch", "Adaptation finance", "City pairs report back", "Closing"], speakers: &[6, 7, 11],
        texts: [
            (Locale::En, "Climate-resilient cities forum", "Two tracks on heat, water and adaptation finance, with city pairs from both sides of the Atlantic."),
            (Locale::Fr, "Forum des villes résilientes au climat", "Deux parcours sur la chaleur, l'eau et le financement de l'adaptation, avec des binômes de villes des deux rives de l'Atlantique."),
            (Locale::Es, "Foro de ciudades resilientes al clima", "Dos itinerarios sobre calor, agua y financiación de la adaptación, con parejas de ciudades de ambos lados del Atlántico."),
        ],
    },
];

/// A demo member's profile, in the order of [`MEMBERS`]:
/// (job title, organisation, sector, (city, country), languages, interests,
/// offer themes, seek themes, bio, visibility).
type DemoProfile = (
    &'static str,
    &'static str,
    &'static str,
    (&'static str, &'static str),
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    &'static str,
);

const PROFILES: &[DemoProfile] = &[
    ("Directora de Movilidad", "Gobierno de Querétaro", "government", ("Santiago de Querétaro", "MX"), &["es", "en"], &["mobility", "governance"], &["mobility"], &["energy-transition"], "Lidero el plan de **movilidad sostenible** de Querétaro: carriles bici, transporte público eléctrico y calles seguras.", "public"),
    ("Conseiller en transition énergétique", "Ville de Montréal", "government", ("Montréal", "CA"), &["fr", "en"], &["energy-transition", "climate-adaptation"], &["energy-transition"], &["circular-economy"], "Je coordonne la rénovation énergétique des bâtiments municipaux et les réseaux de chaleur.", "public"),
    ("Senior researcher, housing policy", "Urban Institute", "research", ("Chicago", "US"), &["en"], &["housing", "inclusion"], &["housing"], &["regeneration"], "I study community land trusts and affordable housing finance in US and European cities.", "public"),
    ("Coordinador de participación ciudadana", "Ayuntamiento de Sevilla", "government", ("Sevilla", "ES"), &["es", "en"], &["governance", "regeneration"], &["governance"], &["smart-cities"], "Presupuestos participativos y regeneración de barrios con las vecinas y los vecinos.", "members"),
    ("Cheffe de projet économie circulaire", "Métropole de Lyon", "government", ("Lyon", "FR"), &["fr", "en", "es"], &["circular-economy", "nature-based-solutions"], &["circular-economy"], &["mobility"], "Réemploi, achats circulaires et gestion des biodéchets pour 59 communes.", "public"),
    ("Smart city program manager", "City of Vancouver", "government", ("Vancouver", "CA"), &["en", "fr"], &["smart-cities", "climate-adaptation"], &["smart-cities"], &["nature-based-solutions"], "Open data, digital services and sensor networks for a resilient Vancouver.", "public"),
    ("Investigadora en resiliencia climática", "UNAM", "academia", ("Mexico City", "MX"), &["es", "en"], &["climate-adaptation", "nature-based-solutions"], &["climate-adaptation"], &["governance"], "Estudio islas de calor y soluciones basadas en la naturaleza en la Ciudad de México.", "public"),
    ("Urban regeneration officer", "Municipality of Athens", "government", ("Athens", "GR"), &["el", "en", "fr"], &["regeneration", "culture-heritage"], &["regeneration"], &["housing"], "Bringing empty buildings in central Athens back to life with cultural uses.", "public"),
    ("Founder", "Bici Circolare", "business", ("Milan", "IT"), &["it", "en"], &["mobility", "circular-economy"], &["mobility"], &["local-economy"], "A social enterprise refurbishing bicycles for city bike-sharing schemes.", "members"),
    ("Directrice, développement communautaire", "Centraide du Grand Montréal", "civil_society", ("Québec", "CA"), &["fr", "en"], &["inclusion", "housing"], &["inclusion"], &["governance"], "Des quartiers inclusifs : logement, alimentation et participation des résidents.", "public"),
    ("Asesor en economía local", "Municipio de Monterrey", "government", ("Monterrey", "MX"), &["es", "en"], &["local-economy", "smart-cities"], &["local-economy"], &["circular-economy"], "Apoyo a pequeñas empresas y mercados locales con herramientas digitales.", "public"),
    ("Program officer, city partnerships", "International Urban Cooperation", "international", ("New York City", "US"), &["en", "es", "fr"], &["governance", "energy-transition"], &["governance"], &["inclusion"], "I connect cities on both sides of the Atlantic for 18-month cooperation plans.", "public"),
];

/// Loads the demo data unless the database already has members. Returns
/// whether it did.
pub async fn load_if_empty(store: &dyn Store) -> Result<bool, AppError> {
    if store.count_users().await? > 0 {
        return Ok(false);
    }
    let now = unix_now();
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await;
    let mut organizer = None;
    for ((name, email, role, locale), profile) in MEMBERS.iter().zip(PROFILES) {
        let user = NewUser {
            email: Email::parse(email)?,
            name: DisplayName::parse(name)?,
            password_hash: hash.clone(),
            role: *role,
            locale: *locale,
            confirmed: true,
            now,
        };
        let id = store.create_user(&user).await?;
        demo_profile(store, id, profile, now).await?;
        organizer = organizer.or((*role == Role::Organizer).then_some(id));
    }
    let ids = store
        .user_ids(
            &MEMBERS
                .iter()
                .map(|(_, email, _, _)| (*email).to_owned())
                .collect::<Vec<_>>(),
        )
        .await?;
    let member_id = |i: usize| {
        ids.iter()
            .find(|(email, _)| email == MEMBERS[i].1)
            .map(|(_, id)| *id)
    };
    if let Some(owner) = organizer {
        for e in EVENTS {
            let id = demo_event(store, e, owner, &member_id, now).await?;
            if e.kind == "matchmaking" {
                demo_meetings(store, id, &member_id, now).await?;
            }
        }
    }
    // Marc-André runs the pairing programme (staff also organize events)
    if let Some(staff) = member_id(1) {
        store.set_role(UserId(staff), Role::Staff).await?;
        let past = demo_calls(store, UserId(staff), &member_id, now).await?;
        super::demo_pairings::demo_pairings(store, UserId(staff), past, &member_id, now).await?;
    }
    tracing::info!(
        members = MEMBERS.len(),
        events = EVENTS.len(),
        password = DEMO_PASSWORD,
        "demo data loaded"
    );
    Ok(true)
}

async fn demo_profile(
    store: &dyn Store,
    id: UserId,
    p: &DemoProfile,
    now: i64,
) -> Result<(), AppError> {
    let (
        job_title,
        organisation,
        sector,
        (city, country),
        languages,
        interests,
        offer,
        seek,
        bio,
        visibility,
    ) = *p;
    let found = store.city_by_name(city, country).await?;
    let city_id = found.as_ref().map(|c| c.id.to_string()).unwrap_or_default();
    let city_name = found.map(|c| c.name).unwrap_or_default();
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let form = crate::domain::profile::ProfileForm {
        job_title: job_title.to_owned(),
        organisation: organisation.to_owned(),
        sector: sector.to_owned(),
        city_id,
        city_name,
        languages: strings(languages),
        interests: strings(interests),
        offer_themes: strings(offer),
        seek_themes: strings(seek),
        bio: bio.to_owned(),
        visibility: visibility.to_owned(),
        ..Default::default()
    };
    let user = store.user_by_id(id).await?.ok_or(AppError::NotFound)?;
    super::network::save(store, &user, &form, Locale::En, now).await?;
    Ok(())
}

/// Creates one demo event with its speakers and agenda, published.
/// A matchmaking day people can try: participants with statements, six
/// meeting slots of 20 minutes with 5-minute breaks at 10 tables, and a few
/// requests (two accepted, two waiting). Grace, Daniel and Sofia are left
/// free to try it from scratch.
async fn demo_meetings(
    store: &dyn Store,
    event: i64,
    member_id: &dyn Fn(usize) -> Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    use crate::store::meetings::StatementRecord;
    let e = store.event(event).await?.ok_or(AppError::NotFound)?;
    for i in [3, 4, 5, 6, 7, 8, 9, 10, 11] {
        if let Some(u) = member_id(i) {
            store
                .register(event, UserId(u), now)
                .await?
                .map_err(AppError::Refused)?;
        }
    }
    let first = e.w.starts_at + 160 * 60;
    let spans: Vec<(i64, i64)> = (0..6)
        .map(|k| (first + k * 25 * 60, first + k * 25 * 60 + 20 * 60))
        .collect();
    store.add_meeting_slots(event, &spans, 10).await?;
    let themes = store.themes().await?;
    let bit = |id: &str| {
        themes
            .iter()
            .find(|t| t.id == id)
            .map(|t| 1i64 << t.bit)
            .unwrap_or(0)
    };
    let statements = [
        (
            3,
            "circular-economy",
            "housing",
            "Our repair-café network and its municipal funding",
            "Ideas for reusing building materials",
        ),
        (
            4,
            "housing",
            "circular-economy",
            "Lyon's social housing retrofit programme",
            "Circular procurement clauses that held up in court",
        ),
        (
            7,
            "climate-adaptation",
            "circular-economy",
            "Athens' heat action plan",
            "A partner city for a textile reuse pilot",
        ),
        (
            10,
            "circular-economy",
            "mobility",
            "Monterrey's waste-picker cooperatives",
            "E-bike sharing in mid-sized cities",
        ),
    ];
    for (i, offer, seek, offer_text, seek_text) in statements {
        if let Some(u) = member_id(i) {
            store
                .save_statement(
                    event,
                    &StatementRecord {
                        user_id: u,
                        offer_mask: bit(offer),
                        seek_mask: bit(seek),
                        offer: offer_text.to_owned(),
                        seek: seek_text.to_owned(),
                    },
                    now,
                )
                .await?;
        }
    }
    let requests = [
        (
            3,
            4,
            "Your retrofit programme is what we need to learn from.",
            true,
        ),
        (7, 8, "Let's compare heat plans.", true),
        (
            9,
            10,
            "Would you share how the cooperatives are paid?",
            false,
        ),
        (11, 3, "", false),
    ];
    for (from, to, note, accept) in requests {
        if let (Some(a), Some(b)) = (member_id(from), member_id(to)) {
            store
                .request_meeting(event, UserId(a), b, note, now)
                .await?;
            if accept {
                let r = store
                    .meeting_requests(event)
                    .await?
                    .into_iter()
                    .find(|r| r.from_id == a && r.to_id == b);
                if let Some(r) = r {
                    store.answer_meeting(r.id, UserId(b), true, now).await?;
                }
            }
        }
    }
    Ok(())
}

async fn demo_event(
    store: &dyn Store,
    e: &DemoEvent,
    owner: UserId,
    member_id: &dyn Fn(usize) -> Option<i64>,
    now: i64,
) -> Result<i64, AppError> {
    use crate::domain::event::{ChangeKind, EventStatus};
    use crate::store::events::{ChangeWrite, EventWrite, SessionWrite, SpeakerWrite};
    let city_id = match e.city {
        Some((name, country)) => store.city_by_name(name, country).await?.map(|c| c.id),
        None => None,
    };
    let tz: Tz = e.zone.parse().unwrap_or(Tz::UTC);
    let day = (Utc::now() + Duration::days(e.days_ahead))
        .with_timezone(&tz)
        .date_naive();
    let local = day.and_hms_opt(e.local_hour, 0, 0).unwrap_or_default();
    let starts_at = tz
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.timestamp())
        .unwrap_or(now + e.days_ahead * 86400);
    let ends_at = starts_at + e.minutes * 60;
    let themes = store.themes().await?;
    let themes_mask = themes
        .iter()
        .filter(|t| e.themes.contains(&t.id.as_str()))
        .fold(0i64, |m, t| m | (1 << t.bit));
    let w = EventWrite {
        kind: EventKind::parse(e.kind).map_err(AppError::from)?,
        format: EventFormat::parse(e.format).map_err(AppError::from)?,
        status: EventStatus::Published,
        language: e.language,
        langs_mask: 1 << crate::domain::profile::language_bit(e.language.code()).unwrap_or(0),
        texts: e
            .texts
            .iter()
            .map(|(l, t, s)| (*l, (*t).to_owned(), (*s).to_owned()))
            .collect(),
        description: e.texts[0].2.to_owned(),
        themes_mask,
        starts_at,
        ends_at,
        timezone: e.zone.to_owned(),
        city_id,
        venue: String::new(),
        capacity: e.capacity,
        reg_opens_at: None,
        reg_closes_at: None,
        join_url: if e.format == "in_person" {
            String::new()
        } else {
            "https://meet.example.org/tandem-demo".to_owned()
        },
    };
    let id = store.insert_event(&w, owner, now).await?;
    let mut speakers = Vec::new();
    for &i in e.speakers {
        if let Some(user_id) = member_id(i) {
            let (sid, _) = store
                .add_speaker(
                    id,
                    &SpeakerWrite {
                        user_id: Some(user_id),
                        name: MEMBERS[i].0.to_owned(),
                        title: String::new(),
                        bio: String::new(),
                    },
                    owner,
                    now,
                )
                .await?;
            speakers.push(sid);
        }
    }
    let n = e.sessions.len().max(1) as i64;
    let each = (ends_at - starts_at) / n;
    for (k, title) in e.sessions.iter().enumerate() {
        let s = starts_at + each * k as i64;
        let speaker = speakers.get(k % speakers.len().max(1)).copied();
        let change = ChangeWrite {
            kind: ChangeKind::SessionAdded,
            session_id: None,
            detail: "{}".into(),
        };
        store
            .save_session(
                id,
                0,
                0,
                &SessionWrite {
                    starts_at: s,
                    ends_at: s + each,
                    title: (*title).to_owned(),
                    room: String::new(),
                    description: String::new(),
                    speakers: speaker.into_iter().collect(),
                },
                owner,
                &change,
                now,
            )
            .await?;
    }
    Ok(id)
}

/// A conference the size of a real one, for the page benchmarks: three days
/// in Athens, `sessions` sessions in three rooms with a description each, and
/// `speakers` guest speakers with a title and a short bio, one or two per
/// session. Organized by the first demo organizer; returns the event's id.
pub async fn load_conference(
    store: &dyn Store,
    sessions: usize,
    speakers: usize,
) -> Result<i64, AppError> {
    use crate::domain::event::{ChangeKind, EventStatus};
    use crate::store::events::{ChangeWrite, EventWrite, SessionWrite, SpeakerWrite};
    let now = unix_now();
    let owner = store
        .user_ids(&[MEMBERS[0].1.to_owned()])
        .await?
        .first()
        .map(|(_, id)| UserId(*id))
        .ok_or(AppError::NotFound)?;
    let tz: Tz = "Europe/Athens".parse().unwrap_or(Tz::UTC);
    let first_day = (Utc::now() + Duration::days(40))
        .with_timezone(&tz)
        .date_naive();
    let at = |day: i64, hour: u32, minute: u32| {
        let d = first_day + Duration::days(day);
        tz.from_local_datetime(&d.and_hms_opt(hour, minute, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.timestamp())
            .unwrap_or(now)
    };
    let city_id = store.city_by_name("Athens", "GR").await?.map(|c| c.id);
    let title = "Cities in transition: the 2027 cooperation conference";
    let summary = "Three days of talks, workshops and city-to-city sessions on housing, mobility, climate adaptation and the circular economy.";
    let w = EventWrite {
        kind: EventKind::Conference,
        format: EventFormat::InPerson,
        status: EventStatus::Published,
        language: Locale::En,
        langs_mask: 1 << crate::domain::profile::language_bit("en").unwrap_or(0),
        texts: vec![(Locale::En, title.to_owned(), summary.to_owned())],
        description: summary.to_owned(),
        themes_mask: 0,
        starts_at: at(0, 9, 0),
        ends_at: at(2, 18, 0),
        timezone: "Europe/Athens".to_owned(),
        city_id,
        venue: "Technopolis, Gazi".to_owned(),
        capacity: Some(400),
        reg_opens_at: None,
        reg_closes_at: None,
        join_url: String::new(),
    };
    let id = store.insert_event(&w, owner, now).await?;
    let mut ids = Vec::new();
    for k in 0..speakers {
        let (sid, _) = store
            .add_speaker(
                id,
                &SpeakerWrite {
                    user_id: None,
                    name: format!("Speaker {}", k + 1),
                    title: format!("Head of urban policy, City {}", k + 1),
                    bio: "Works on housing and mobility policy with neighbouring cities, and has led two city-to-city pairings.".to_owned(),
                },
                owner,
                now,
            )
            .await?;
        ids.push(sid);
    }
    let topics = [
        "Affordable housing",
        "Transit-oriented development",
        "Heat and flood adaptation",
        "Circular procurement",
        "Data for city services",
        "Community energy",
    ];
    let per_day = sessions.div_ceil(3).max(1);
    for k in 0..sessions {
        let (day, slot) = ((k / per_day) as i64, (k % per_day) as u32);
        let starts = at(day, 9, 0) + i64::from(slot / 3) * 90 * 60;
        let mut with = vec![ids.get(k % ids.len().max(1)).copied()];
        if k % 2 == 0 {
            with.push(ids.get((k + 1) % ids.len().max(1)).copied());
        }
        store
            .save_session(
                id,
                0,
                0,
                &SessionWrite {
                    starts_at: starts,
                    ends_at: starts + 75 * 60,
                    title: format!("{}: lessons from session {}", topics[k % topics.len()], k + 1),
                    room: ["Room A", "Room B", "Room C"][(slot % 3) as usize].to_owned(),
                    description: "What the cities tried, what it cost, what they would do differently, and how the pairing helped.".to_owned(),
                    speakers: with.into_iter().flatten().collect(),
                },
                owner,
                &ChangeWrite {
                    kind: ChangeKind::SessionAdded,
                    session_id: None,
                    detail: "{}".into(),
                },
                now,
            )
            .await?;
    }
    Ok(id)
}

/// One open call for North American cities and one past call with
/// submitted applications, a review and the announced decision, in three
/// languages.
async fn demo_calls(
    store: &dyn Store,
    staff: UserId,
    member_id: &dyn Fn(usize) -> Option<i64>,
    now: i64,
) -> Result<i64, AppError> {
    use crate::domain::call::{Answers, CallForm, Decision, ReviewStatus, Score, Scores};
    use crate::store::calls::{CallWrite, NewApplication, Transition};
    const DAY: i64 = 86_400;
    let texts = |year: &str| {
        let v = |en: String, fr: String, es: String| vec![en, fr, es];
        CallForm {
            language: "en".into(),
            zone: "America/Toronto".into(),
            opens: "2027-01-10T09:00".into(),
            deadline: "2027-03-15T17:00".into(),
            countries: "CA, MX, US".into(),
            min_population: "100000".into(),
            themes: vec!["housing".into(), "climate-adaptation".into()],
            title: v(
                format!("City pairings {year}: North American cities"),
                format!("Jumelages de villes {year} : villes d'Amérique du Nord"),
                format!("Hermanamientos de ciudades {year}: ciudades de Norteamérica"),
            ),
            background: v(
                "Cities with more than 100,000 inhabitants in Canada, the United States and Mexico are invited to apply for an 18-month pairing with a European city, working together on an **action plan** for sustainable urban development.".into(),
                "Les villes de plus de 100 000 habitants du Canada, des États-Unis et du Mexique sont invitées à postuler pour un jumelage de 18 mois avec une ville européenne, autour d'un **plan d'action** de développement urbain durable.".into(),
                "Se invita a las ciudades de más de 100.000 habitantes de Canadá, Estados Unidos y México a postular a un hermanamiento de 18 meses con una ciudad europea, en torno a un **plan de acción** de desarrollo urbano sostenible.".into(),
            ),
            commitments: v(
                "A coordinator and a team for 18 months; two study visits; a local action plan with pilot projects.".into(),
                "Un coordinateur et une équipe pendant 18 mois ; deux visites d'étude ; un plan d'action local avec des projets pilotes.".into(),
                "Una persona coordinadora y un equipo durante 18 meses; dos visitas de estudio; un plan de acción local con proyectos piloto.".into(),
            ),
            eligibility: v(
                "Local governments; the application is endorsed by the mayor's office.".into(),
                "Les gouvernements locaux ; la candidature est approuvée par le cabinet du maire.".into(),
                "Gobiernos locales; la solicitud cuenta con el aval de la alcaldía.".into(),
            ),
            criteria: "3 | Motivation and fit | Motivation et adéquation | Motivación y adecuación\n2 | Clear priorities | Priorités claires | Prioridades claras\n2 | Resources for 18 months | Ressources sur 18 mois | Recursos para 18 meses".into(),
            questions: "* Which European region interests you most? | Quelle région européenne vous intéresse le plus ? | ¿Qué región europea te interesa más?".into(),
        }
    };
    let write = |form: CallForm, opens_at: i64, deadline_at: i64| -> Result<CallWrite, AppError> {
        let d = form.validate()?;
        Ok(CallWrite {
            language: d.language,
            zone: d.zone,
            opens_at,
            deadline_at,
            countries: d.countries,
            min_population: d.min_population,
            themes: d.themes,
            texts: d.texts,
            criteria: d.criteria,
            questions: d.questions,
        })
    };
    let t = |from: &'static str, to: &'static str, at: i64| Transition {
        actor: Some(staff),
        from,
        to,
        note: "",
        now: at,
    };
    // the open call
    let open = store
        .create_call(
            &write(texts("2027"), now - 10 * DAY, now + 60 * DAY)?,
            staff,
            now,
        )
        .await?;
    store
        .set_call_status(open, &t("draft", "open", now))
        .await?;
    // last year's call, decided
    let (opens, deadline) = (now - 400 * DAY, now - 300 * DAY);
    let past = store
        .create_call(&write(texts("2026"), opens, deadline)?, staff, opens)
        .await?;
    store
        .set_call_status(past, &t("draft", "open", opens))
        .await?;
    let record = store.call(past).await?.ok_or(AppError::NotFound)?;
    let reviewer = member_id(2);
    if let Some(r) = reviewer {
        store.add_call_reviewer(past, r).await?;
    }
    // (city, lead member, decision)
    let cities = [
        (6077243, 9, Decision::Selected),
        (3991164, 0, Decision::Selected),
        (6173331, 5, Decision::Waitlisted),
    ];
    for (city, lead, decision) in cities {
        let Some(lead) = member_id(lead) else {
            continue;
        };
        let mut extra = std::collections::BTreeMap::new();
        if let Some(q) = record.question_ids.first() {
            extra.insert(q.to_string(), "Southern Europe".to_owned());
        }
        let id = store
            .create_application(&NewApplication {
                call_id: past,
                city_id: city,
                lead: UserId(lead),
                language: Locale::En,
                answers: Answers {
                    mayor_office: "Office of the mayor".into(),
                    coordinator_name: "International relations".into(),
                    coordinator_email: "international@city.example".into(),
                    department: "Urban planning".into(),
                    motivation: "We want to learn from European cities on affordable housing."
                        .into(),
                    challenges: "Housing costs and summer heat.".into(),
                    priorities: vec!["housing".into()],
                    sdgs: vec![11, 13],
                    experience: "Member of two city networks.".into(),
                    staff_time: "Two people, half-time.".into(),
                    budget: "40,000 for travel and pilots.".into(),
                    partner: "A mid-sized city in Spain or Portugal.".into(),
                    extra,
                },
                claimed_population: None,
                population_source: String::new(),
                year: 2026,
                now: opens + DAY,
            })
            .await?;
        store
            .set_application_status(
                id,
                &Transition {
                    actor: Some(UserId(lead)),
                    ..t("draft", "submitted", deadline - DAY)
                },
            )
            .await?;
        if let Some(r) = reviewer {
            store.assign_review(id, r, deadline + DAY).await?;
            let mut scores = Scores::new();
            for (n, c) in record.criteria_ids.iter().enumerate() {
                let score = match decision {
                    Decision::Selected => 4 + (n % 2) as u8,
                    _ => 3,
                };
                scores.insert(
                    c.to_string(),
                    Score {
                        score: Some(score),
                        comment: String::new(),
                    },
                );
            }
            store
                .save_review(
                    id,
                    r,
                    &scores,
                    "Clear and well resourced.",
                    ReviewStatus::Submitted,
                    deadline + 2 * DAY,
                )
                .await?;
        }
        store
            .decide(
                id,
                Some(decision),
                "",
                &t("undecided", decision.as_str(), deadline + 5 * DAY),
            )
            .await?;
    }
    store
        .set_call_status(past, &t("open", "closed", deadline))
        .await?;
    store
        .set_call_status(past, &t("closed", "decided", deadline + 6 * DAY))
        .await?;
    store.mark_announced(past, deadline + 6 * DAY).await?;
    // Sofía has started Mexico City's application to the open call and left
    // it half done
    if let Some(lead) = member_id(6) {
        store
            .create_application(&NewApplication {
                call_id: open,
                city_id: 3530597,
                lead: UserId(lead),
                language: Locale::Es,
                answers: Answers {
                    mayor_office: "Jefatura de Gobierno de la Ciudad de México".into(),
                    coordinator_name: "Sofía Ramírez".into(),
                    coordinator_email: "sofia.ramirez@demo.tandem.example".into(),
                    department: "Secretaría del Medio Ambiente".into(),
                    motivation: "Queremos aprender de ciudades europeas sobre adaptación al calor."
                        .into(),
                    priorities: vec!["climate-adaptation".into()],
                    ..Answers::default()
                },
                claimed_population: None,
                population_source: String::new(),
                year: 2027,
                now,
            })
            .await?;
    }
    Ok(past)
}

//! `tandem seed --members N`: deterministic synthetic members at scale for
//! benchmarks. The same N and seed always give the same rows.

use super::passwords;
use crate::domain::{DisplayName, Email, Locale, Role};
use crate::error::AppError;
use crate::store::{NewUser, Store};
use rand::{rngs::StdRng, Rng, SeedableRng};

pub const SEED_PASSWORD: &str = "tandem-seed-password";

const FIRST: &[&str] = &[
    "Ana",
    "Carlos",
    "María",
    "José",
    "Lucía",
    "Diego",
    "Valentina",
    "Mateo",
    "Camila",
    "Santiago",
    "Sophie",
    "Louis",
    "Chloé",
    "Gabriel",
    "Léa",
    "Hugo",
    "Emma",
    "Noah",
    "Olivia",
    "Liam",
    "Ava",
    "Ethan",
    "Mia",
    "James",
    "Amelia",
    "Benjamin",
    "Harper",
    "Lucas",
    "Elena",
    "Marco",
    "Giulia",
    "Nikos",
    "Maria",
    "Jan",
    "Anna",
    "Pieter",
    "Sanne",
    "Karin",
    "Lars",
    "Ingrid",
    "Aiyana",
    "Wei",
    "Priya",
    "Omar",
    "Fatima",
    "Kwame",
    "Ximena",
    "Renata",
    "Émile",
];

const LAST: &[&str] = &[
    "García",
    "Martínez",
    "López",
    "Hernández",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Martin",
    "Bernard",
    "Dubois",
    "Durand",
    "Leroy",
    "Moreau",
    "Rossi",
    "Russo",
    "Ferrari",
    "Papadopoulos",
    "Müller",
    "Schmidt",
    "Jansen",
    "de Vries",
    "Nielsen",
    "Andersson",
    "Kowalski",
    "Nowak",
    "Silva",
    "Santos",
    "O'Brien",
    "Murphy",
    "Chen",
    "Nguyen",
];

/// Countries the synthetic members live in, with how many of their largest
/// cities are used.
const COUNTRIES: &[(&str, i64)] = &[
    ("MX", 40),
    ("CA", 30),
    ("US", 80),
    ("ES", 25),
    ("FR", 25),
    ("IT", 20),
    ("DE", 25),
    ("NL", 12),
    ("GR", 8),
    ("PT", 8),
    ("PL", 12),
    ("BE", 8),
    ("SE", 8),
    ("IE", 5),
    ("AT", 6),
];

const JOBS: &[&str] = &[
    "Director of urban planning",
    "Mobility officer",
    "Housing policy advisor",
    "Sustainability manager",
    "Chief resilience officer",
    "Researcher",
    "Professor of urban studies",
    "Community organiser",
    "Project manager",
    "Founder and CEO",
    "Climate adaptation lead",
    "Energy transition advisor",
    "Directora de planeación urbana",
    "Coordinador de movilidad",
    "Investigadora",
    "Asesor de vivienda",
    "Jefa de proyecto",
    "Chargée de mission climat",
    "Directeur de l'urbanisme",
    "Chercheuse",
    "Responsable économie circulaire",
    "Consultant",
    "Policy analyst",
    "Data scientist",
    "Deputy mayor",
];

const ORG_TEMPLATES: &[&str] = &[
    "City of {}",
    "Municipio de {}",
    "Ville de {}",
    "{} Urban Lab",
    "University of {}",
    "{} Chamber of Commerce",
    "{} Housing Cooperative",
    "{} Climate Agency",
    "Fundación {}",
    "Association {} Durable",
    "{} Transit Authority",
];

const PHRASES: &[&str] = &[
    "I work on sustainable urban mobility and safer streets for walking and cycling.",
    "Trabajo en vivienda asequible y regeneración de barrios.",
    "Je travaille sur l'économie circulaire et la réduction des déchets.",
    "My focus is climate adaptation: heat, floods and green infrastructure.",
    "Coordino proyectos de transición energética en edificios públicos.",
    "J'accompagne la participation citoyenne et les budgets participatifs.",
    "I lead our smart city programme: open data and digital public services.",
    "Investigo soluciones basadas en la naturaleza para ciudades más frescas.",
    "We support local businesses, markets and jobs in the city centre.",
    "Je m'occupe du patrimoine culturel et de la revitalisation des centres anciens.",
    "Interested in partnerships with cities across the Atlantic.",
    "Busco ciudades socias para un plan de acción de 18 meses.",
    "Nous cherchons des villes partenaires pour échanger des pratiques.",
    "Public transport electrification and bus rapid transit.",
    "Inclusive development for informal settlements and social housing.",
];

/// Words that appear in few bios: the "rare word" class of the search benchmark.
pub const RARE_WORDS: &[&str] = &[
    "agrivoltaics",
    "bioswale",
    "xeriscaping",
    "superblock",
    "parklet",
    "woonerf",
    "cohousing",
    "brownfield",
    "greywater",
    "microtransit",
    "ecoduct",
    "geothermal",
    "permeable",
    "rainwater",
    "mangrove",
    "wetland",
    "tramway",
    "cablecar",
    "funicular",
    "rooftop",
    "compost",
    "upcycling",
    "remanufacturing",
    "biochar",
    "heatwave",
    "floodplain",
    "seawall",
    "dune",
    "aquifer",
    "desalination",
    "hydrogen",
    "heatpump",
    "microgrid",
    "smartmeter",
    "blockchain",
    "lidar",
    "digitaltwin",
    "chatbot",
    "crowdfunding",
    "timebank",
    "minipark",
    "pocketpark",
    "greenroof",
    "bluegreen",
    "sponge",
    "sandbox",
    "hackathon",
    "makerspace",
];

/// Inserts `count` members (skipping those already there); returns how many
/// rows were new.
pub async fn seed_members(store: &dyn Store, count: usize, seed: u64) -> Result<u64, AppError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let hash = passwords::hash(SEED_PASSWORD.to_owned()).await;
    let base_time = 1_735_689_600; // 2025-01-01T00:00:00Z: stable across runs
    let mut inserted = 0;
    let mut batch = Vec::with_capacity(5000);
    for i in 0..count {
        let first = FIRST[rng.gen_range(0..FIRST.len())];
        let last = LAST[rng.gen_range(0..LAST.len())];
        let locale = Locale::ALL[rng.gen_range(0..3)];
        batch.push(NewUser {
            email: Email::parse(&format!("member{i}@seed.tandem.example"))?,
            name: DisplayName::parse(&format!("{first} {last}"))?,
            password_hash: hash.clone(),
            role: if i % 200 == 0 {
                Role::Organizer
            } else {
                Role::Member
            },
            locale,
            confirmed: true,
            now: base_time + i as i64,
        });
        if batch.len() == batch.capacity() {
            inserted += store.create_users_bulk(&batch).await?;
            batch.clear();
        }
    }
    inserted += store.create_users_bulk(&batch).await?;
    seed_profiles(store, count, seed).await?;
    Ok(inserted)
}

/// Gives every seeded member a realistic profile: a home city among the
/// largest of 15 countries, a sector, languages, themes and a bio; 5% hide
/// their profile, a quarter show it to members only.
async fn seed_profiles(store: &dyn Store, count: usize, seed: u64) -> Result<(), AppError> {
    use crate::domain::profile::{Sector, SizeBucket, LANGUAGES};
    use crate::store::ProfileRecord;
    let themes = super::network::themes(store).await?;
    let mut cities = Vec::new();
    for (country, n) in COUNTRIES {
        cities.extend(store.largest_cities(country, *n).await?);
    }
    if cities.is_empty() || themes.is_empty() {
        return Ok(());
    }
    let mut rng = StdRng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
    let base_time = 1_735_689_600;
    for start in (0..count).step_by(5000) {
        let end = (start + 5000).min(count);
        let emails: Vec<String> = (start..end)
            .map(|i| format!("member{i}@seed.tandem.example"))
            .collect();
        let ids: std::collections::HashMap<String, i64> =
            store.user_ids(&emails).await?.into_iter().collect();
        let mut writes = Vec::with_capacity(emails.len());
        for (offset, email) in emails.iter().enumerate() {
            let i = start + offset;
            let Some(&id) = ids.get(email) else { continue };
            // weighted towards the first (largest) cities of each country
            let city = &cities
                [(rng.gen_range(0..cities.len()) * rng.gen_range(1..=4) / 4).min(cities.len() - 1)];
            let theme_bit = |rng: &mut StdRng| 1i64 << themes[rng.gen_range(0..themes.len())].bit;
            let interests = theme_bit(&mut rng)
                | if rng.gen_bool(0.5) {
                    theme_bit(&mut rng)
                } else {
                    0
                };
            let offer = if rng.gen_bool(0.4) {
                theme_bit(&mut rng) & interests
            } else {
                0
            };
            let seek = if rng.gen_bool(0.3) {
                theme_bit(&mut rng)
            } else {
                0
            };
            let mut languages = 1i64 << rng.gen_range(0..3);
            if rng.gen_bool(0.6) {
                languages |= 1 << rng.gen_range(0..LANGUAGES.len());
            }
            let mut bio: Vec<&str> = (0..rng.gen_range(1..=3))
                .map(|_| PHRASES[rng.gen_range(0..PHRASES.len())])
                .collect();
            let rare;
            if rng.gen_range(0..250) == 0 {
                rare = format!(
                    "Ask me about {}.",
                    RARE_WORDS[rng.gen_range(0..RARE_WORDS.len())]
                );
                bio.push(&rare);
            }
            let visibility = match rng.gen_range(0..100) {
                0..=69 => 0,
                70..=94 => 1,
                _ => 2,
            };
            let org =
                ORG_TEMPLATES[rng.gen_range(0..ORG_TEMPLATES.len())].replace("{}", &city.city.name);
            let record = ProfileRecord {
                user_id: id,
                name: String::new(),
                confirmed: true,
                job_title: if rng.gen_bool(0.9) {
                    JOBS[rng.gen_range(0..JOBS.len())].to_owned()
                } else {
                    String::new()
                },
                organisation: org,
                sector: Some(
                    Sector::ALL[rng.gen_range(0..Sector::ALL.len())]
                        .as_str()
                        .to_owned(),
                ),
                city_id: Some(city.city.id),
                city_name: Some(city.city.name.clone()),
                country_code: Some(city.city.country_code.clone()),
                country_name: Some(city.country_name.clone()),
                languages_mask: languages,
                interests_mask: interests,
                offer_mask: offer,
                seek_mask: seek,
                bio: bio.join(" "),
                links: String::new(),
                offer: String::new(),
                seek: String::new(),
                visibility,
                photo: None,
                updated_at: 0,
            };
            writes.push((record, SizeBucket::of(city.city.population).code(), i));
        }
        // the name is on the users row; the index needs it too
        let names: std::collections::HashMap<i64, String> = store
            .users_names(&writes.iter().map(|(r, _, _)| r.user_id).collect::<Vec<_>>())
            .await?
            .into_iter()
            .collect();
        let writes: Vec<_> = writes
            .into_iter()
            .map(|(mut r, size, i)| {
                r.name = names.get(&r.user_id).cloned().unwrap_or_default();
                super::network::write_for(&r, Some(size), &themes, base_time + i as i64)
            })
            .collect();
        store.save_profiles_bulk(&writes).await?;
    }
    Ok(())
}

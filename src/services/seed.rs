//! `tandem seed --members N`: deterministic synthetic members at scale for
//! benchmarks. The same N and seed always give the same rows.

use super::{passwords, store_error};
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
            inserted += store.create_users_bulk(&batch).await.map_err(store_error)?;
            batch.clear();
        }
    }
    inserted += store.create_users_bulk(&batch).await.map_err(store_error)?;
    Ok(inserted)
}

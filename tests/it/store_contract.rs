//! One contract, two backends: the same assertions on SQLite and PostgreSQL,
//! each test on a fresh database.

use crate::common::{fresh_store, Backend};
use tandem::domain::{DisplayName, Email, Locale, Role, UserId};
use tandem::store::{DynStore, NewEmailToken, NewEvent, NewUser, StoreError, TokenPurpose};

on_both_backends!(with run:
    users_are_unique_by_email,
    tokens_are_consumed_once_and_expire,
    sessions_expire_and_end,
    reset_is_all_or_nothing,
    attempts_are_counted_in_a_window,
    reference_data_loads_once,
    events_fall_back_to_their_own_language,
    bulk_users_skip_duplicates,
    seeding_is_deterministic,
    cities_are_found_without_accents,
);

async fn run<F, Fut>(b: Backend, test: F)
where
    F: FnOnce(DynStore) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = std::env::temp_dir().join(format!("tandem-contract-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(store) = fresh_store(b, &dir).await {
        test(store.clone()).await;
        store.close().await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn new_user(email: &str, now: i64) -> NewUser {
    NewUser {
        email: Email::parse(email).unwrap(),
        name: DisplayName::parse("Test Person").unwrap(),
        password_hash: "hash".into(),
        role: Role::Member,
        locale: Locale::Fr,
        confirmed: false,
        now,
    }
}

async fn users_are_unique_by_email(s: DynStore) {
    let id = s
        .create_user(&new_user("a@example.org", 100))
        .await
        .unwrap();
    assert!(matches!(
        s.create_user(&new_user("A@example.org", 101)).await,
        Err(StoreError::Duplicate)
    ));
    let u = s.user_by_email("a@example.org").await.unwrap().unwrap();
    assert_eq!(
        (u.id, u.locale, u.role, u.email_confirmed_at, u.created_at),
        (id, Locale::Fr, Role::Member, None, 100)
    );
    s.confirm_email(id, 200).await.unwrap();
    s.confirm_email(id, 300).await.unwrap();
    assert_eq!(
        s.user_by_id(id).await.unwrap().unwrap().email_confirmed_at,
        Some(200),
        "first confirmation kept"
    );
    assert!(s.set_role(id, Role::Admin).await.unwrap());
    assert!(!s.set_role(UserId(id.0 + 1000), Role::Admin).await.unwrap());
    assert_eq!(s.count_users().await.unwrap(), 1);
}

async fn tokens_are_consumed_once_and_expire(s: DynStore) {
    let id = s.create_user(&new_user("t@example.org", 0)).await.unwrap();
    for (hash, purpose, expires) in [
        ("h1", TokenPurpose::Confirm, 1000),
        ("h2", TokenPurpose::Confirm, 50),
    ] {
        s.create_email_token(&NewEmailToken {
            token_hash: hash.into(),
            user: id,
            purpose,
            now: 0,
            expires_at: expires,
        })
        .await
        .unwrap();
    }
    assert_eq!(
        s.consume_email_token("h1", TokenPurpose::Reset, 10)
            .await
            .unwrap(),
        None,
        "wrong purpose"
    );
    assert_eq!(
        s.consume_email_token("h1", TokenPurpose::Confirm, 10)
            .await
            .unwrap(),
        Some(id)
    );
    assert_eq!(
        s.consume_email_token("h1", TokenPurpose::Confirm, 11)
            .await
            .unwrap(),
        None,
        "used"
    );
    assert_eq!(
        s.consume_email_token("h2", TokenPurpose::Confirm, 60)
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert_eq!(
        s.consume_email_token("nope", TokenPurpose::Confirm, 1)
            .await
            .unwrap(),
        None
    );
}

async fn sessions_expire_and_end(s: DynStore) {
    let id = s.create_user(&new_user("s@example.org", 0)).await.unwrap();
    s.create_session("s1", id, 0, 100).await.unwrap();
    s.create_session("s2", id, 0, 100).await.unwrap();
    assert_eq!(
        s.session_user("s1", 99).await.unwrap().map(|u| u.id),
        Some(id)
    );
    assert!(
        s.session_user("s1", 100).await.unwrap().is_none(),
        "expired"
    );
    s.delete_session("s1").await.unwrap();
    assert!(s.session_user("s1", 1).await.unwrap().is_none());
    assert!(s.session_user("s2", 1).await.unwrap().is_some());
    assert!(matches!(
        s.create_session("s3", UserId(id.0 + 999), 0, 100).await,
        Err(StoreError::MissingReference)
    ));
    assert_eq!(s.delete_expired(1000).await.unwrap(), 1);
}

async fn reset_is_all_or_nothing(s: DynStore) {
    let id = s.create_user(&new_user("r@example.org", 0)).await.unwrap();
    s.create_session("sess", id, 0, 10_000).await.unwrap();
    s.create_email_token(&NewEmailToken {
        token_hash: "r1".into(),
        user: id,
        purpose: TokenPurpose::Reset,
        now: 0,
        expires_at: 100,
    })
    .await
    .unwrap();
    s.create_email_token(&NewEmailToken {
        token_hash: "r2".into(),
        user: id,
        purpose: TokenPurpose::Reset,
        now: 0,
        expires_at: 100,
    })
    .await
    .unwrap();
    assert_eq!(s.reset_password("wrong", "new", 10).await.unwrap(), None);
    assert_eq!(
        s.user_by_id(id).await.unwrap().unwrap().password_hash,
        "hash",
        "untouched"
    );
    assert_eq!(s.reset_password("r1", "new", 10).await.unwrap(), Some(id));
    let u = s.user_by_id(id).await.unwrap().unwrap();
    assert_eq!(
        (u.password_hash.as_str(), u.email_confirmed_at),
        ("new", Some(10))
    );
    assert!(
        s.session_user("sess", 11).await.unwrap().is_none(),
        "sessions ended"
    );
    assert_eq!(
        s.reset_password("r2", "newer", 11).await.unwrap(),
        None,
        "other reset links die too"
    );
}

async fn attempts_are_counted_in_a_window(s: DynStore) {
    for at in [10, 20, 30] {
        s.record_attempt("b", at).await.unwrap();
    }
    s.record_attempt("other", 25).await.unwrap();
    assert_eq!(s.attempts_since("b", 0).await.unwrap(), (3, Some(10)));
    assert_eq!(s.attempts_since("b", 15).await.unwrap(), (2, Some(20)));
    assert_eq!(s.attempts_since("b", 30).await.unwrap(), (0, None));
    s.clear_attempts("b").await.unwrap();
    assert_eq!(s.attempts_since("b", 0).await.unwrap().0, 0);
    assert_eq!(s.attempts_since("other", 0).await.unwrap().0, 1);
}

async fn reference_data_loads_once(s: DynStore) {
    let n = tandem::services::reference::ensure_loaded(&*s)
        .await
        .unwrap();
    assert!(n > 33_000, "{n}");
    assert_eq!(
        tandem::services::reference::ensure_loaded(&*s)
            .await
            .unwrap(),
        0
    );
    assert_eq!(s.count_cities().await.unwrap() as usize, n);
    let lyon = s.city_by_name("Lyon", "FR").await.unwrap().unwrap();
    assert_eq!(lyon.timezone, "Europe/Paris");
    assert!(lyon.population > 400_000);
}

async fn events_fall_back_to_their_own_language(s: DynStore) {
    let e = NewEvent {
        kind: tandem::domain::event::EventKind::Talk,
        language: Locale::Es,
        city_id: None,
        starts_at: 1000,
        ends_at: 2000,
        timezone: "America/Mexico_City".into(),
        created_by: None,
        now: 0,
        texts: vec![
            (Locale::Es, "Charla".into(), "Resumen".into()),
            (Locale::En, "Talk".into(), "Summary".into()),
        ],
    };
    s.create_event(&e).await.unwrap();
    s.create_event(&NewEvent {
        starts_at: 500,
        ends_at: 900,
        ..e.clone()
    })
    .await
    .unwrap();
    let en = s.upcoming_events(950, Locale::En, 10).await.unwrap();
    assert_eq!(en.len(), 1, "ended events are not upcoming");
    assert_eq!((en[0].title.as_str(), en[0].language), ("Talk", Locale::Es));
    let fr = s.upcoming_events(950, Locale::Fr, 10).await.unwrap();
    assert_eq!(
        fr[0].title, "Charla",
        "no French text: the event's own language"
    );
    let bad = NewEvent {
        starts_at: 10,
        ends_at: 5,
        ..e
    };
    assert!(
        s.create_event(&bad).await.is_err(),
        "end before start is refused by the schema"
    );
}

async fn bulk_users_skip_duplicates(s: DynStore) {
    let users: Vec<NewUser> = (0..2500)
        .map(|i| new_user(&format!("u{i}@example.org"), i))
        .collect();
    assert_eq!(s.create_users_bulk(&users).await.unwrap(), 2500);
    assert_eq!(s.create_users_bulk(&users[..10]).await.unwrap(), 0);
    assert_eq!(s.count_users().await.unwrap(), 2500);
}

async fn seeding_is_deterministic(s: DynStore) {
    use tandem::services::seed::seed_members;
    assert_eq!(seed_members(&*s, 1500, 7).await.unwrap(), 1500);
    assert_eq!(
        seed_members(&*s, 1500, 7).await.unwrap(),
        0,
        "a second run adds nothing"
    );
    let first: Vec<String> = s
        .list_users(20, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    let dir = std::env::temp_dir().join(format!("tandem-seed-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let other = tandem::store::connect(&format!("sqlite://{}/seed.db", dir.display()))
        .await
        .unwrap();
    other.migrate().await.unwrap();
    seed_members(&*other, 1500, 7).await.unwrap();
    let again: Vec<String> = other
        .list_users(20, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(first, again, "same seed, same members, on either backend");
    let organizers = other
        .list_users(2000, 0)
        .await
        .unwrap()
        .iter()
        .filter(|u| u.role == Role::Organizer)
        .count();
    assert_eq!(organizers, 8);
    other.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

async fn cities_are_found_without_accents(s: DynStore) {
    tandem::services::reference::ensure_loaded(&*s)
        .await
        .unwrap();
    let names =
        |v: Vec<tandem::store::CityView>| v.into_iter().map(|c| c.city.name).collect::<Vec<_>>();
    let montreal = names(s.search_cities("montreal", 5).await.unwrap());
    assert_eq!(
        &montreal[..2],
        &["Montréal".to_owned(), "Montréal-Nord".to_owned()],
        "most populous first"
    );
    let queretaro = names(s.search_cities("queretaro", 5).await.unwrap());
    assert_eq!(
        queretaro.first().map(String::as_str),
        Some("Santiago de Querétaro"),
        "any word of the name"
    );
    assert_eq!(
        names(s.search_cities("mexico city", 3).await.unwrap())[0],
        "Mexico City"
    );
    assert!(s.search_cities("zzqqxx", 5).await.unwrap().is_empty());
    assert_eq!(
        s.search_cities("a", 7).await.unwrap().len(),
        7,
        "the limit holds"
    );
    let city = s.city_by_id(6077243).await.unwrap().unwrap();
    assert_eq!(
        (city.city.name.as_str(), city.country_name.as_str()),
        ("Montréal", "Canada")
    );
    assert!(s.city_by_id(1).await.unwrap().is_none());
}

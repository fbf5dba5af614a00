//! The network's rules on both backends: profiles, visibility, the people
//! search (accents, prefixes, ranking, filters, facets, pagination) and
//! city notes. Each test runs on a fresh database.

use crate::common::{fresh_store, Backend};
use tandem::domain::profile::ProfileForm;
use tandem::domain::search::SearchParams;
use tandem::domain::{DisplayName, Email, Locale, Role, UserId};
use tandem::error::AppError;
use tandem::services::network;
use tandem::store::{DynStore, NewUser, UserRecord};

on_both_backends!(with run:
    search_ranks_names_first_and_hides_what_it_must,
    filters_and_facet_counts_agree,
    pagination_is_stable,
    profile_rules_and_city_resolution,
    profile_pages_follow_visibility,
    city_notes_are_kept_with_a_log,
    suggestions_explain_themselves_and_follow_feedback,
    the_index_finds_what_the_database_finds,
);

mod two_instances {
    use super::*;
    on_both_backends!(with run_two: a_second_instance_sees_every_change);
}

/// Two stores on one database, as two app instances behind a load balancer.
async fn run_two<F, Fut>(b: Backend, test: F)
where
    F: FnOnce(DynStore, DynStore) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = std::env::temp_dir().join(format!("tandem-network2-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    if let Some((a, url)) = crate::common::fresh_store_url(b, &dir).await {
        tandem::services::reference::ensure_loaded(&*a)
            .await
            .unwrap();
        let second = tandem::store::connect(&url).await.unwrap();
        test(a.clone(), second.clone()).await;
        second.close().await;
        a.close().await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

async fn run<F, Fut>(b: Backend, test: F)
where
    F: FnOnce(DynStore) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = std::env::temp_dir().join(format!("tandem-network-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(store) = fresh_store(b, &dir).await {
        tandem::services::reference::ensure_loaded(&*store)
            .await
            .unwrap();
        test(store.clone()).await;
        store.close().await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

const NOW: i64 = 1_800_000_000;

async fn person(s: &DynStore, name: &str, confirmed: bool, form: ProfileForm) -> UserRecord {
    let email = format!(
        "{}@example.org",
        tandem::domain::text::fold(name).replace(' ', ".")
    );
    let id = s
        .create_user(&NewUser {
            email: Email::parse(&email).unwrap(),
            name: DisplayName::parse(name).unwrap(),
            password_hash: "h".into(),
            role: Role::Member,
            locale: Locale::En,
            confirmed,
            now: NOW,
        })
        .await
        .unwrap();
    let user = s.user_by_id(id).await.unwrap().unwrap();
    network::save(&**s, &user, &form, Locale::En, NOW)
        .await
        .unwrap();
    user
}

fn form(city: &str, interests: &[&str], bio: &str, visibility: &str) -> ProfileForm {
    ProfileForm {
        city_name: city.into(),
        interests: interests.iter().map(|s| s.to_string()).collect(),
        bio: bio.into(),
        visibility: visibility.into(),
        ..Default::default()
    }
}

fn q(text: &str) -> SearchParams {
    SearchParams {
        q: text.into(),
        page: 1,
        ..Default::default()
    }
}

async fn names(s: &DynStore, member: bool, p: &SearchParams) -> Vec<String> {
    network::search(&**s, member, p, Locale::En)
        .await
        .unwrap()
        .people
        .into_iter()
        .map(|c| c.name)
        .collect()
}

async fn a_second_instance_sees_every_change(a: DynStore, b: DynStore) {
    let user = person(
        &a,
        "Ines Instance",
        true,
        form("Lyon", &["housing"], "", "public"),
    )
    .await;
    // b loads its in-memory facts now
    assert_eq!(names(&b, true, &q("ines")).await, ["Ines Instance"]);
    let housing = |s: DynStore| async move {
        let r = network::search(&*s, true, &q("").toggled("theme", "housing"), Locale::En)
            .await
            .unwrap();
        r.total
    };
    assert_eq!(housing(b.clone()).await, 1);
    // a change through a reaches b's next search: themes, then hiding
    let mut f = form("Lyon", &["mobility"], "", "public");
    network::save(&*a, &user, &f, Locale::En, NOW + 1)
        .await
        .unwrap();
    assert_eq!(
        housing(b.clone()).await,
        0,
        "facets follow the other instance's write"
    );
    assert!(
        names(&b, true, &q("housing")).await.is_empty(),
        "the old words left b's index"
    );
    assert_eq!(
        names(&b, true, &q("mobil")).await,
        ["Ines Instance"],
        "the new words reached b's index"
    );
    f.visibility = "hidden".into();
    network::save(&*a, &user, &f, Locale::En, NOW + 2)
        .await
        .unwrap();
    assert!(
        names(&b, true, &q("ines")).await.is_empty(),
        "hidden everywhere"
    );
    assert_eq!(
        network::search(&*b, true, &q(""), Locale::En)
            .await
            .unwrap()
            .total,
        0
    );
    // and back, through b this time, seen by a
    f.visibility = "members".into();
    network::save(&*b, &user, &f, Locale::En, NOW + 3)
        .await
        .unwrap();
    assert_eq!(names(&a, true, &q("ines")).await, ["Ines Instance"]);
    assert!(
        names(&a, false, &q("ines")).await.is_empty(),
        "members only"
    );
}

async fn search_ranks_names_first_and_hides_what_it_must(s: DynStore) {
    let mut jose = form(
        "Santiago de Querétaro",
        &["mobility"],
        "Trabajo en movilidad.",
        "public",
    );
    jose.job_title = "Director de Movilidad".into();
    person(&s, "José Pérez", true, jose).await;
    person(
        &s,
        "Laura Sustaita",
        true,
        form("Lyon", &["housing"], "", "public"),
    )
    .await;
    person(
        &s,
        "Marc Dubois",
        true,
        form(
            "Montréal",
            &["housing"],
            "I love **sustainable** transport",
            "members",
        ),
    )
    .await;
    person(
        &s,
        "Hidden Person",
        true,
        form("Lyon", &[], "sustainable everything", "hidden"),
    )
    .await;
    person(
        &s,
        "Not Confirmed",
        false,
        form("Lyon", &[], "sustainable too", "public"),
    )
    .await;

    // name first, then headline (the theme "Sustainable urban mobility"), then the bio
    assert_eq!(
        names(&s, true, &q("sust")).await,
        ["Laura Sustaita", "José Pérez", "Marc Dubois"]
    );
    // visitors see public profiles only
    assert_eq!(
        names(&s, false, &q("sust")).await,
        ["Laura Sustaita", "José Pérez"]
    );
    // accents and case do not matter, in the query or in the data
    assert_eq!(names(&s, true, &q("JOSE perez")).await, ["José Pérez"]);
    assert_eq!(names(&s, true, &q("queretaro")).await, ["José Pérez"]);
    assert_eq!(names(&s, true, &q("Montreal")).await, ["Marc Dubois"]);
    // theme names match in every language: "vivienda" is Spanish for housing
    assert_eq!(
        names(&s, true, &q("vivienda")).await,
        ["Marc Dubois", "Laura Sustaita"],
        "same tier: the more complete profile first"
    );
    // two words must both match
    assert_eq!(names(&s, true, &q("marc transport")).await, ["Marc Dubois"]);
    assert!(names(&s, true, &q("marc mobility")).await.is_empty());
    // query syntax is not injectable
    assert_eq!(
        names(&s, true, &q("\" ) ( * : ^ - NEAR( sust")).await,
        Vec::<String>::new()
    );
    assert_eq!(names(&s, true, &q("sust*: ^")).await.len(), 3);
    // hidden and unconfirmed members never come back, whatever the query
    for text in [
        "hidden",
        "person",
        "confirmed",
        "sustainable everything",
        "",
    ] {
        let found = names(&s, true, &q(text)).await;
        assert!(
            !found
                .iter()
                .any(|n| n == "Hidden Person" || n == "Not Confirmed"),
            "{text}: {found:?}"
        );
    }
    // cities come with the people
    let r = network::search(&*s, true, &q("montreal"), Locale::En)
        .await
        .unwrap();
    assert_eq!(r.cities[0].name, "Montréal");
}

async fn filters_and_facet_counts_agree(s: DynStore) {
    let mut a = form("Montréal", &["housing", "energy-transition"], "", "public");
    a.languages = vec!["fr".into(), "en".into()];
    a.sector = "government".into();
    person(&s, "Amélie Roy", true, a).await;
    let mut b = form("Montréal", &["housing"], "", "members");
    b.languages = vec!["en".into()];
    b.sector = "research".into();
    person(&s, "Ben Carter", true, b).await;
    let mut c = form("Mexico City", &["mobility"], "", "public");
    c.languages = vec!["es".into()];
    c.sector = "government".into();
    person(&s, "Carla Ruiz", true, c).await;
    person(
        &s,
        "Dora Hidden",
        true,
        form("Mexico City", &["housing"], "", "hidden"),
    )
    .await;

    let all = network::search(&*s, true, &q(""), Locale::En)
        .await
        .unwrap();
    assert_eq!(all.total, 3);
    let count = |vals: &Vec<tandem::dto::FacetValue>, v: &str| {
        vals.iter().find(|f| f.value == v).map(|f| f.count)
    };
    assert_eq!(count(&all.facets.theme, "housing"), Some(2));
    assert_eq!(count(&all.facets.theme, "mobility"), Some(1));
    assert_eq!(count(&all.facets.country, "CA"), Some(2));
    assert_eq!(count(&all.facets.country, "MX"), Some(1));
    assert_eq!(count(&all.facets.sector, "government"), Some(2));
    assert_eq!(count(&all.facets.lang, "en"), Some(2));
    assert_eq!(
        count(&all.facets.size, "3"),
        Some(2),
        "Montréal: 1–5 million"
    );
    assert_eq!(
        count(&all.facets.size, "4"),
        Some(1),
        "Mexico City: over 5 million"
    );
    assert_eq!(
        count(&all.facets.theme, "culture-heritage"),
        None,
        "empty values are left out"
    );

    // one dimension: any of its values; several dimensions: all of them
    let p = q("")
        .toggled("theme", "housing")
        .toggled("theme", "mobility");
    assert_eq!(
        network::search(&*s, true, &p, Locale::En)
            .await
            .unwrap()
            .total,
        3
    );
    let p = q("").toggled("theme", "housing").toggled("lang", "fr");
    let r = network::search(&*s, true, &p, Locale::En).await.unwrap();
    assert_eq!(
        r.people.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Amélie Roy"]
    );
    assert_eq!(
        count(&r.facets.theme, "energy-transition"),
        Some(1),
        "facets count the filtered set"
    );
    assert!(r.facets.lang.iter().any(|f| f.value == "fr" && f.selected));
    let p = q("")
        .toggled("country", "mx")
        .toggled("sector", "government");
    assert_eq!(names(&s, true, &p).await, ["Carla Ruiz"]);
    let p = q("").toggled("size", "3");
    assert_eq!(
        network::search(&*s, false, &p, Locale::En)
            .await
            .unwrap()
            .total,
        1,
        "visitors: Amélie only"
    );
    // nothing matches: the chosen filter stays visible so it can be removed
    let p = q("").toggled("country", "GR");
    let r = network::search(&*s, true, &p, Locale::En).await.unwrap();
    assert_eq!(r.total, 0);
    assert!(r
        .facets
        .country
        .iter()
        .any(|f| f.value == "GR" && f.selected && f.count == 0));
    // an unknown theme in a shared link matches nothing instead of failing
    let p = q("").toggled("theme", "no-such-theme");
    assert_eq!(
        network::search(&*s, true, &p, Locale::En)
            .await
            .unwrap()
            .total,
        0
    );
}

async fn pagination_is_stable(s: DynStore) {
    for i in 0..27 {
        let mut f = form("Lyon", &["housing"], "", "public");
        // half of them more complete: they rank first
        if i % 2 == 0 {
            f.job_title = "Planner".into();
        }
        person(&s, &format!("Pat Example {i:02}"), true, f).await;
    }
    let page = |n| SearchParams {
        page: n,
        ..q("pat")
    };
    let first = network::search(&*s, true, &page(1), Locale::En)
        .await
        .unwrap();
    let second = network::search(&*s, true, &page(2), Locale::En)
        .await
        .unwrap();
    assert_eq!(
        (first.total, first.people.len(), first.more),
        (27, 20, true)
    );
    assert_eq!((second.people.len(), second.more), (7, false));
    let mut ids: Vec<i64> = first
        .people
        .iter()
        .chain(&second.people)
        .map(|p| p.id)
        .collect();
    assert!(
        first.people[..14]
            .iter()
            .all(|p| p.headline.contains("Planner")),
        "more complete first"
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 27, "no one twice, no one missing");
    let again = network::search(&*s, true, &page(1), Locale::En)
        .await
        .unwrap();
    assert_eq!(again.people, first.people, "the same order every time");
}

async fn profile_rules_and_city_resolution(s: DynStore) {
    let user = person(&s, "Rita Rules", true, ProfileForm::default()).await;
    let save = |f: ProfileForm| {
        let (s, user) = (s.clone(), user.clone());
        async move { network::save(&*s, &user, &f, Locale::Fr, NOW).await }
    };
    let field =
        |r: Result<tandem::dto::ProfileEditor, AppError>| r.unwrap_err().field().map(str::to_owned);
    assert_eq!(
        field(save(form("", &["no-such-theme"], "", "")).await).as_deref(),
        Some("interests")
    );
    assert_eq!(
        field(
            save(ProfileForm {
                city_id: "1".into(),
                city_name: "Qqxxzzy".into(),
                ..Default::default()
            })
            .await
        )
        .as_deref(),
        Some("city_id")
    );
    assert_eq!(
        field(save(form("Zzyzzxq", &[], "", "")).await).as_deref(),
        Some("city_id")
    );
    assert_eq!(
        field(
            save(ProfileForm {
                links: "javascript:alert(1)".into(),
                ..Default::default()
            })
            .await
        )
        .as_deref(),
        Some("links")
    );
    // nothing was stored by the refused saves
    let ed = network::editor(&*s, &user, Locale::En).await.unwrap();
    assert_eq!(ed.form.interests, Vec::<String>::new());
    assert_eq!(ed.completeness, 0);

    // a typed name without an id (no scripts): the most populous match
    let ed = save(form("queretaro", &["housing"], "Hola", "public"))
        .await
        .unwrap();
    assert_eq!(ed.city_label, "Santiago de Querétaro, Mexico");
    assert_eq!(ed.form.city_name, "Santiago de Querétaro, Mexico");
    let stored = network::editor(&*s, &user, Locale::En).await.unwrap();
    assert_eq!(
        (stored.form.city_id.as_str(), stored.city_label.as_str()),
        ("3991164", "Santiago de Querétaro, Mexico")
    );
    assert!(ed.completeness > 0 && ed.missing.contains(&"photo".to_owned()));
    // the picker's id wins while the text still names its city
    let lyon_tx = ProfileForm {
        city_id: "2996944".into(),
        city_name: "Lyon, France".into(),
        ..Default::default()
    };
    assert_eq!(save(lyon_tx).await.unwrap().city_label, "Lyon, France");
    // the text was changed after picking: the text wins
    let changed = ProfileForm {
        city_id: "2996944".into(),
        city_name: "Montréal".into(),
        ..Default::default()
    };
    assert_eq!(save(changed).await.unwrap().city_label, "Montréal, Canada");
    // an empty text clears the city
    let cleared = ProfileForm {
        city_id: "2996944".into(),
        city_name: " ".into(),
        ..Default::default()
    };
    assert_eq!(save(cleared).await.unwrap().city_label, "");
}

async fn profile_pages_follow_visibility(s: DynStore) {
    let public = person(
        &s,
        "Pia Public",
        true,
        form(
            "Lyon",
            &["housing"],
            "<script>x</script>\n\n**hi**",
            "public",
        ),
    )
    .await;
    let members = person(&s, "Mona Members", true, form("Lyon", &[], "", "members")).await;
    let hidden = person(&s, "Hugo Hidden", true, form("Lyon", &[], "", "hidden")).await;
    let pending = person(&s, "Nina Notyet", false, form("Lyon", &[], "", "public")).await;
    let viewer = person(&s, "Vera Viewer", true, ProfileForm::default()).await;
    let view = |who: Option<&UserRecord>, id: UserId| {
        let (s, who) = (s.clone(), who.cloned());
        async move { network::view(&*s, who.as_ref(), id.0, Locale::En).await }
    };
    let p = view(None, public.id).await.unwrap();
    assert!(p.bio_html.contains("<strong>hi</strong>") && !p.bio_html.contains("<script"));
    assert!(
        !format!("{p:?}").contains("@example.org"),
        "no e-mail address on a profile"
    );
    assert_eq!(
        view(None, members.id).await.unwrap_err(),
        AppError::Unauthorized
    );
    assert!(view(Some(&viewer), members.id).await.is_ok());
    assert!(
        view(Some(&viewer), hidden.id).await.is_ok(),
        "hidden from search, not from a link"
    );
    assert_eq!(
        view(Some(&viewer), pending.id).await.unwrap_err(),
        AppError::NotFound
    );
    assert!(view(Some(&pending), pending.id).await.unwrap().is_owner);
    assert_eq!(
        view(None, UserId(999_999)).await.unwrap_err(),
        AppError::NotFound
    );
    // the city page lists the visible members of the city
    let page = network::city_page(&*s, None, 2996944, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        page.members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["Pia Public"]
    );
    let page = network::city_page(&*s, Some(&viewer), 2996944, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        page.member_count, 2,
        "members see members-only profiles too"
    );
}

async fn city_notes_are_kept_with_a_log(s: DynStore) {
    let local = person(&s, "Lola Lyon", true, form("Lyon", &[], "", "public")).await;
    let outsider = person(&s, "Otto Out", true, form("Montréal", &[], "", "public")).await;
    let lyon = 2996944;
    let themes = vec!["housing".to_owned(), "mobility".to_owned()];
    assert_eq!(
        network::save_city_note(&*s, &outsider, lyon, &themes, "x", NOW)
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        network::save_city_note(&*s, &local, lyon, &themes, &"y".repeat(2001), NOW)
            .await
            .unwrap_err()
            .field(),
        Some("challenges")
    );
    network::save_city_note(&*s, &local, lyon, &themes, "Heat islands", NOW)
        .await
        .unwrap();
    network::save_city_note(
        &*s,
        &local,
        lyon,
        &themes[..1],
        "Heat islands and rents",
        NOW + 60,
    )
    .await
    .unwrap();
    let page = network::city_page(&*s, Some(&local), lyon, Locale::Fr)
        .await
        .unwrap();
    assert!(page.can_edit);
    assert_eq!(page.challenges, "Heat islands and rents");
    assert_eq!(
        page.themes
            .iter()
            .map(|t| t.label.as_str())
            .collect::<Vec<_>>(),
        ["Logement"]
    );
    assert!(page.updated.unwrap().contains("Lola Lyon"));
    assert_eq!(page.changes.len(), 2);
    assert_eq!(page.changes[1].challenges, "Heat islands");
    let other = network::city_page(&*s, Some(&outsider), lyon, Locale::En)
        .await
        .unwrap();
    assert!(!other.can_edit && other.changes.is_empty());
}

async fn suggestions_explain_themselves_and_follow_feedback(s: DynStore) {
    use tandem::services::matchmaking::{feedback, suggestions};
    let with = |city: &str,
                interests: &[&str],
                offer: &[&str],
                seek: &[&str],
                langs: &[&str],
                vis: &str| {
        let v = |x: &[&str]| x.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        ProfileForm {
            city_name: city.into(),
            interests: v(interests),
            offer_themes: v(offer),
            seek_themes: v(seek),
            languages: v(langs),
            visibility: vis.into(),
            ..Default::default()
        }
    };
    let me = person(
        &s,
        "Ana Torres",
        true,
        with(
            "Santiago de Querétaro",
            &["mobility"],
            &[],
            &["housing"],
            &["es", "en"],
            "public",
        ),
    )
    .await;
    person(
        &s,
        "Claire Martin",
        true,
        with(
            "Lyon",
            &["mobility"],
            &["housing"],
            &[],
            &["fr", "es"],
            "public",
        ),
    )
    .await;
    person(
        &s,
        "Luis Pérez",
        true,
        with(
            "Santiago de Querétaro",
            &["mobility"],
            &[],
            &[],
            &["es"],
            "members",
        ),
    )
    .await;
    person(
        &s,
        "Hidden Person",
        true,
        with("Lyon", &["mobility"], &["housing"], &[], &["es"], "hidden"),
    )
    .await;
    person(
        &s,
        "Unconfirmed Person",
        false,
        with("Lyon", &["mobility"], &["housing"], &[], &["es"], "public"),
    )
    .await;
    person(
        &s,
        "Other Interest",
        true,
        with("Lyon", &["culture-heritage"], &[], &[], &["es"], "public"),
    )
    .await;
    let names = |list: &tandem::dto::Suggestions| {
        list.people
            .iter()
            .map(|p| p.person.name.clone())
            .collect::<Vec<_>>()
    };
    let list = suggestions(&*s, &me, Locale::En).await.unwrap();
    assert!(!list.needs_profile);
    // hidden, unconfirmed and unrelated members are never suggested; the one
    // who offers what Ana seeks comes first
    assert_eq!(names(&list), vec!["Claire Martin", "Luis Pérez"]);
    let why = &list.people[0].reasons;
    assert!(
        why.contains(&"Claire offers what you seek: housing".to_owned()),
        "{why:?}"
    );
    assert!(
        why.contains(&"1 shared theme: sustainable urban mobility".to_owned()),
        "{why:?}"
    );
    assert!(
        why.contains(&"You both speak Spanish".to_owned()),
        "{why:?}"
    );
    assert!(
        why.iter()
            .any(|r| r.starts_with("Across the Atlantic: Lyon")),
        "{why:?}"
    );
    // in Spanish too
    let es = suggestions(&*s, &me, Locale::Es).await.unwrap();
    assert!(
        es.people[0]
            .reasons
            .contains(&"Claire ofrece lo que buscas: vivienda".to_owned()),
        "{:?}",
        es.people[0].reasons
    );
    // "not for me" hides a suggestion; "undo" brings it back
    let claire = list.people[0].person.id;
    feedback(&*s, &me, claire, "hide", NOW).await.unwrap();
    assert_eq!(
        names(&suggestions(&*s, &me, Locale::En).await.unwrap()),
        vec!["Luis Pérez"]
    );
    feedback(&*s, &me, claire, "undo", NOW).await.unwrap();
    assert_eq!(
        names(&suggestions(&*s, &me, Locale::En).await.unwrap()).len(),
        2
    );
    // "useful" lifts people like them, and says so
    let luis = list.people[1].person.id;
    feedback(&*s, &me, luis, "useful", NOW).await.unwrap();
    let after = suggestions(&*s, &me, Locale::En).await.unwrap();
    assert!(
        after.people[0]
            .reasons
            .iter()
            .any(|r| r.contains("Like people you found useful: sustainable urban mobility")),
        "{:?}",
        after.people[0].reasons
    );
    assert!(matches!(
        feedback(&*s, &me, luis, "maybe", NOW).await,
        Err(AppError::Validation { .. })
    ));
    assert!(matches!(
        feedback(&*s, &me, me.id.0, "hide", NOW).await,
        Err(AppError::Validation { .. })
    ));
    // a member without a profile is asked to make one
    let id = s
        .create_user(&NewUser {
            email: Email::parse("new@example.org").unwrap(),
            name: DisplayName::parse("New Member").unwrap(),
            password_hash: "h".into(),
            role: Role::Member,
            locale: Locale::En,
            confirmed: true,
            now: NOW,
        })
        .await
        .unwrap();
    let new = s.user_by_id(id).await.unwrap().unwrap();
    assert!(
        suggestions(&*s, &new, Locale::En)
            .await
            .unwrap()
            .needs_profile
    );
    let _ = UserId(0);
}

/// The in-process index against the database's full-text index (the path
/// before it) on a seeded database: every query class of the benchmark,
/// without and with a filter, as a member and as a visitor, first and
/// second pages, then again after members join and change.
async fn the_index_finds_what_the_database_finds(s: DynStore) {
    use tandem::services::{bench, seed};
    let compare = |s: DynStore| async move {
        let themes = s.themes().await.unwrap();
        // one and two letters too: the first letters' unions, and merges of
        // many arrays and bitmaps
        let mut queries: Vec<(String, usize, bool)> = ["", "m", "s", "a", "e", "co", "de"]
            .iter()
            .enumerate()
            .map(|(i, q)| (q.to_string(), i, i % 2 == 1))
            .collect();
        for (_, list) in bench::query_classes() {
            for (i, q) in list.into_iter().enumerate() {
                queries.push((q.clone(), i, false));
                queries.push((q, i, true));
            }
        }
        let mut nonempty = 0;
        for (n, (q, i, filtered)) in queries.iter().enumerate() {
            let mut p = bench::params(q, *i, *filtered);
            p.page = if n % 3 == 0 { 2 } else { 1 };
            let member = n % 2 == 0;
            let Some(query) = network::people_query(&*s, member, &p, &themes) else {
                continue;
            };
            let index = s.search_people(&query).await.unwrap();
            let database = s.search_people_in_database(&query).await.unwrap();
            assert_eq!(
                index, database,
                "{q:?} page {} filtered {filtered} member {member}",
                p.page
            );
            if index.total > 0 {
                nonempty += 1;
            }
        }
        nonempty
    };
    seed::seed_members(&*s, 3000, 11).await.unwrap();
    let found = compare(s.clone()).await;
    assert!(found > 300, "most queries find someone ({found})");
    let stats = s.people_index_stats().await.unwrap();
    assert!(
        stats.bitmaps > 10 && stats.bitmaps < stats.words * 3,
        "both kinds of word set are compared: {stats:?}"
    );
    // changes reach the index as they reach the database: more members,
    // a member renamed in their profile, one hidden
    seed::seed_members(&*s, 3600, 11).await.unwrap();
    let user = person(
        &s,
        "Zyxwa Mobilitatis",
        true,
        form(
            "Lyon",
            &["housing"],
            "Circular economy and mobility",
            "public",
        ),
    )
    .await;
    let mut f = form("Lyon", &["mobility"], "vivienda sostenible", "members");
    network::save(&*s, &user, &f, Locale::En, NOW + 1)
        .await
        .unwrap();
    compare(s.clone()).await;
    f.visibility = "hidden".into();
    network::save(&*s, &user, &f, Locale::En, NOW + 2)
        .await
        .unwrap();
    compare(s.clone()).await;
}

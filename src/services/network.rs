//! The Urban Leaders Network: themes, member profiles, the people search
//! and what cities say about themselves.

use super::markdown;
use crate::domain::profile::{self, ProfileForm, Sector, SizeBucket, ValidProfile, Visibility};
use crate::domain::search::{self, Scope, SearchParams, PAGE_SIZE};
use crate::domain::text::fold;
use crate::domain::{Locale, UserId};
use crate::dto::{
    Choice, CityChangeView, CityPageData, FacetValue, Facets, PersonCard, ProfileEditor,
    ProfileView, SdgView, SearchResults, ThemeView,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::{
    PeopleQuery, PersonRow, ProfileRecord, ProfileWrite, SearchText, Store, ThemeRow, UserRecord,
};

/// Profile, photo and city edits per member per hour.
pub async fn limit_user_forms(ctx: &super::Ctx, user: &UserRecord) -> Result<(), AppError> {
    super::rate_limit::take(
        &*ctx.store,
        &format!("edits:user:{}", user.id.0),
        &super::rate_limit::Limit {
            max: ctx.config.limits.edits_per_user_hour,
            window_secs: 3600,
        },
        ctx.now(),
    )
    .await
}

/// Which query syntax the store speaks.
fn exprs(store: &dyn Store, terms: &[String]) -> (String, String, String) {
    let f = if store.backend() == "postgres" {
        search::tsquery_expr
    } else {
        search::fts5_expr
    };
    (
        f(terms, Scope::Anywhere),
        f(terms, Scope::Name),
        f(terms, Scope::Headline),
    )
}

use super::labels::idx;
pub use super::labels::theme_name;
pub(crate) use super::labels::themes_in;

pub async fn themes(store: &dyn Store) -> Result<Vec<ThemeRow>, AppError> {
    store.themes().await.map_err(AppError::from)
}

pub(crate) fn mask_of(ids: &[String], themes: &[ThemeRow], field: &str) -> Result<i64, AppError> {
    let mut mask = 0i64;
    for id in ids {
        let t = themes
            .iter()
            .find(|t| &t.id == id)
            .ok_or_else(|| AppError::validation(field, Msg::ErrThemeUnknown))?;
        mask |= 1 << t.bit;
    }
    Ok(mask)
}

pub(crate) fn theme_ids(mask: i64, themes: &[ThemeRow]) -> Vec<String> {
    themes_in(mask, themes)
        .iter()
        .map(|t| t.id.clone())
        .collect()
}

/// "Querétaro, Mexico", or empty without a city.
fn city_label(r: &ProfileRecord) -> String {
    match (&r.city_name, &r.country_name) {
        (Some(c), Some(k)) => format!("{c}, {k}"),
        _ => String::new(),
    }
}

/// The themes in `mask` (`!0` for all) as choices in the reader's language.
pub(crate) fn choices(mask: i64, themes: &[ThemeRow], locale: Locale) -> Vec<Choice> {
    themes_in(mask, themes)
        .into_iter()
        .map(|t| Choice {
            value: t.id.clone(),
            label: theme_name(t, locale),
        })
        .collect()
}

fn all_choices(themes: &[ThemeRow], locale: Locale) -> Vec<Choice> {
    choices(-1, themes, locale)
}

pub fn photo_url(photo: &Option<String>) -> Option<String> {
    photo.as_ref().map(|p| format!("/media/photos/{p}.jpg"))
}

/// The stored profile as the validated shape, for completeness.
fn as_valid(r: &ProfileRecord, themes: &[ThemeRow]) -> ValidProfile {
    let ids = |mask| theme_ids(mask, themes);
    ValidProfile {
        job_title: r.job_title.clone(),
        organisation: r.organisation.clone(),
        sector: r.sector.as_deref().and_then(Sector::parse),
        city_id: r.city_id,
        languages_mask: r.languages_mask,
        interests: ids(r.interests_mask),
        offer_themes: ids(r.offer_mask),
        seek_themes: ids(r.seek_mask),
        bio: r.bio.clone(),
        links: r.links.lines().map(str::to_owned).collect(),
        offer: r.offer.clone(),
        seek: r.seek.clone(),
        visibility: Visibility::from_code(r.visibility),
    }
}

/// What the index holds for a member: the name; then job, organisation,
/// place, sector and themes in all three languages (so "movilidad" finds
/// members who picked "Sustainable urban mobility"); then the free text.
pub fn search_text(r: &ProfileRecord, themes: &[ThemeRow]) -> SearchText {
    let mut head = vec![r.job_title.clone(), r.organisation.clone()];
    head.extend(r.city_name.clone());
    head.extend(r.country_name.clone());
    if let Some(s) = r.sector.as_deref().and_then(Sector::parse) {
        head.extend(Locale::ALL.iter().map(|l| s.label().text(*l).to_owned()));
    }
    for t in themes_in(r.interests_mask | r.offer_mask | r.seek_mask, themes) {
        head.extend(t.names.iter().cloned());
    }
    SearchText {
        name: fold(&r.name),
        headline: fold(&head.join(" ")),
        body: fold(&[r.bio.as_str(), r.offer.as_str(), r.seek.as_str()].join(" ")),
    }
}

/// The write for a stored profile: listed when confirmed and not hidden,
/// ranked by completeness then by how recently it changed.
pub fn write_for(
    r: &ProfileRecord,
    size_bucket: Option<i64>,
    themes: &[ThemeRow],
    now: i64,
) -> ProfileWrite {
    let (score, _) = profile::completeness(&as_valid(r, themes), r.photo.is_some());
    let listed = r.confirmed && Visibility::from_code(r.visibility) != Visibility::Hidden;
    ProfileWrite {
        user_id: r.user_id,
        job_title: r.job_title.clone(),
        organisation: r.organisation.clone(),
        sector: r.sector.clone(),
        city_id: r.city_id,
        country_code: r.country_code.clone(),
        size_bucket,
        languages_mask: r.languages_mask,
        interests_mask: r.interests_mask,
        offer_mask: r.offer_mask,
        seek_mask: r.seek_mask,
        bio: r.bio.clone(),
        links: r.links.clone(),
        offer: r.offer.clone(),
        seek: r.seek.clone(),
        visibility: r.visibility,
        photo: r.photo.clone(),
        search_rank: i64::from(score) * 10_000_000_000 + now.clamp(0, 9_999_999_999),
        now,
        search: listed.then(|| search_text(r, themes)),
    }
}

async fn record(store: &dyn Store, user: UserId) -> Result<ProfileRecord, AppError> {
    store.profile(user).await?.ok_or(AppError::NotFound)
}

async fn size_of(store: &dyn Store, city_id: Option<i64>) -> Result<Option<i64>, AppError> {
    Ok(match city_id {
        Some(id) => store
            .city_by_id(id)
            .await?
            .map(|c| SizeBucket::of(c.city.population).code()),
        None => None,
    })
}

/// Rewrites a member's profile row and index entry from what is stored
/// (after confirmation, a new photo or a new name).
pub async fn reindex(store: &dyn Store, user: UserId, now: i64) -> Result<(), AppError> {
    let r = record(store, user).await?;
    let themes = themes(store).await?;
    let size = size_of(store, r.city_id).await?;
    store
        .save_profile(&write_for(&r, size, &themes, now))
        .await
        .map_err(AppError::from)
}

fn form_of(r: &ProfileRecord, themes: &[ThemeRow]) -> ProfileForm {
    let ids = |mask| theme_ids(mask, themes);
    ProfileForm {
        job_title: r.job_title.clone(),
        organisation: r.organisation.clone(),
        sector: r.sector.clone().unwrap_or_default(),
        city_id: r.city_id.map(|c| c.to_string()).unwrap_or_default(),
        city_name: city_label(r),
        languages: profile::languages_in(r.languages_mask)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        interests: ids(r.interests_mask),
        offer_themes: ids(r.offer_mask),
        seek_themes: ids(r.seek_mask),
        bio: r.bio.clone(),
        links: r.links.clone(),
        offer: r.offer.clone(),
        seek: r.seek.clone(),
        visibility: Visibility::from_code(r.visibility).as_str().to_owned(),
    }
}

fn editor_of(r: &ProfileRecord, themes: &[ThemeRow], locale: Locale) -> ProfileEditor {
    let (score, missing) = profile::completeness(&as_valid(r, themes), r.photo.is_some());
    ProfileEditor {
        id: r.user_id,
        name: r.name.clone(),
        form: form_of(r, themes),
        city_label: city_label(r),
        photo_url: photo_url(&r.photo),
        completeness: score,
        missing: missing.into_iter().map(str::to_owned).collect(),
        themes: all_choices(themes, locale),
    }
}

pub async fn editor(
    store: &dyn Store,
    user: &UserRecord,
    locale: Locale,
) -> Result<ProfileEditor, AppError> {
    let r = record(store, user.id).await?;
    Ok(editor_of(&r, &themes(store).await?, locale))
}

pub async fn save(
    store: &dyn Store,
    user: &UserRecord,
    form: &ProfileForm,
    locale: Locale,
    now: i64,
) -> Result<ProfileEditor, AppError> {
    let valid = form.validate()?;
    let themes = themes(store).await?;
    let mut r = record(store, user.id).await?;
    let city = resolve_city(store, valid.city_id, &form.city_name).await?;
    r.interests_mask = mask_of(&valid.interests, &themes, "interests")?;
    r.offer_mask = mask_of(&valid.offer_themes, &themes, "offer_themes")?;
    r.seek_mask = mask_of(&valid.seek_themes, &themes, "seek_themes")?;
    r.job_title = valid.job_title;
    r.organisation = valid.organisation;
    r.sector = valid.sector.map(|s| s.as_str().to_owned());
    r.city_id = city.as_ref().map(|c| c.city.id);
    r.city_name = city.as_ref().map(|c| c.city.name.clone());
    r.country_code = city.as_ref().map(|c| c.city.country_code.clone());
    r.country_name = city.as_ref().map(|c| c.country_name.clone());
    r.languages_mask = valid.languages_mask;
    r.bio = valid.bio;
    r.links = valid.links.join("\n");
    r.offer = valid.offer;
    r.seek = valid.seek;
    r.visibility = valid.visibility.code();
    let size = city.map(|c| SizeBucket::of(c.city.population).code());
    store
        .save_profile(&write_for(&r, size, &themes, now))
        .await?;
    Ok(editor_of(&r, &themes, locale))
}

/// The home city from the picker: the chosen id when the text still names
/// it; otherwise (no scripts, or the text was edited) the most populous city
/// whose name starts with what was typed. An empty text means no city, even
/// with an id (the member erased the field without scripts).
pub(crate) async fn resolve_city(
    store: &dyn Store,
    id: Option<i64>,
    typed: &str,
) -> Result<Option<crate::store::CityView>, AppError> {
    let unknown = || AppError::validation("city_id", Msg::ErrCityUnknown);
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    if let Some(id) = id {
        if let Some(c) = store.city_by_id(id).await? {
            let label = format!("{}, {}", c.city.name, c.country_name);
            if fold(&label) == fold(typed) || fold(&c.city.name) == fold(typed) {
                return Ok(Some(c));
            }
        }
    }
    let name = typed.split(',').next().unwrap_or(typed);
    let folded = fold(name);
    if folded.is_empty() {
        return Err(unknown());
    }
    let found = store.search_cities(&folded, 1).await?;
    found.into_iter().next().map(Some).ok_or_else(unknown)
}

/// Who may open a profile page: anyone for a public profile, signed-in
/// members for the others, always its owner; never an unconfirmed account.
pub fn may_view(r: &ProfileRecord, viewer: Option<&UserRecord>) -> bool {
    let owner = viewer.is_some_and(|v| v.id.0 == r.user_id);
    owner
        || (r.confirmed
            && (viewer.is_some() || Visibility::from_code(r.visibility) == Visibility::Public))
}

pub async fn view(
    store: &dyn Store,
    viewer: Option<&UserRecord>,
    id: i64,
    locale: Locale,
) -> Result<ProfileView, AppError> {
    let r = record(store, UserId(id)).await?;
    // a suspended member's profile is gone for everyone but staff
    let staff = viewer.is_some_and(|v| v.role >= crate::domain::Role::Staff);
    if !staff && store.is_suspended(id).await? {
        return Err(AppError::NotFound);
    }
    if !may_view(&r, viewer) {
        // the same answer as for a missing member: nothing to learn
        return Err(if viewer.is_none() && r.confirmed {
            AppError::Unauthorized
        } else {
            AppError::NotFound
        });
    }
    let themes = themes(store).await?;
    Ok(ProfileView {
        id: r.user_id,
        name: r.name.clone(),
        photo_url: photo_url(&r.photo),
        job_title: r.job_title.clone(),
        organisation: r.organisation.clone(),
        sector: r
            .sector
            .as_deref()
            .and_then(Sector::parse)
            .map(|s| s.label().text(locale).to_owned()),
        city: r.city_id.zip(r.city_name.clone()).map(|(id, name)| Choice {
            value: id.to_string(),
            label: name,
        }),
        country: r.country_name.clone(),
        languages: profile::LANGUAGES
            .iter()
            .enumerate()
            .filter(|(i, _)| r.languages_mask & (1 << i) != 0)
            .map(|(_, (_, m))| m.text(locale).to_owned())
            .collect(),
        interests: choices(r.interests_mask, &themes, locale),
        offer_themes: choices(r.offer_mask, &themes, locale),
        seek_themes: choices(r.seek_mask, &themes, locale),
        bio_html: markdown::to_safe_html(&r.bio),
        links: r.links.lines().map(str::to_owned).collect(),
        offer: r.offer.clone(),
        seek: r.seek.clone(),
        is_owner: viewer.is_some_and(|v| v.id.0 == r.user_id),
    })
}

pub(crate) fn card(p: PersonRow, themes: &[ThemeRow], locale: Locale) -> PersonCard {
    let headline = [p.job_title.as_str(), p.organisation.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    PersonCard {
        id: p.user_id,
        name: p.name,
        headline,
        place: p.city_name.map(|c| match p.country_code {
            Some(k) => format!("{c}, {k}"),
            None => c,
        }),
        photo_url: photo_url(&p.photo),
        themes: themes_in(p.themes_mask, themes)
            .into_iter()
            .take(3)
            .map(|t| theme_name(t, locale))
            .collect(),
    }
}

/// People matching a search, one page, with facet counts over every hit.
/// Visitors see public profiles only.
pub async fn search(
    store: &dyn Store,
    signed_in: bool,
    params: &SearchParams,
    locale: Locale,
) -> Result<SearchResults, AppError> {
    search_with(store, signed_in, params, locale, Matcher::Index).await
}

/// Which part of the system finds a search's hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matcher {
    /// the in-process index (what the app uses)
    Index,
    /// the database's full-text index: the previous path, kept as the
    /// reference the index is tested and measured against
    Database,
}

/// The store's query for a search, or None when a filter names nothing
/// known (a shared URL with a retired theme finds no one rather than
/// failing).
pub fn people_query(
    store: &dyn Store,
    signed_in: bool,
    params: &SearchParams,
    themes: &[ThemeRow],
) -> Option<PeopleQuery> {
    let terms = search::terms(&params.q);
    let sizes: Vec<i64> = params
        .size
        .iter()
        .filter_map(|s| s.parse::<i64>().ok())
        .filter(|c| SizeBucket::from_code(*c).is_some())
        .collect();
    let query = PeopleQuery {
        exprs: (!terms.is_empty()).then(|| exprs(store, &terms)),
        terms,
        max_visibility: if signed_in { 1 } else { 0 },
        themes_mask: params
            .theme
            .iter()
            .filter_map(|id| themes.iter().find(|t| &t.id == id))
            .fold(0, |m, t| m | (1 << t.bit)),
        languages_mask: profile::languages_mask(params.lang.iter().map(String::as_str)),
        sectors: params
            .sector
            .iter()
            .filter(|s| Sector::parse(s).is_some())
            .cloned()
            .collect(),
        countries: params
            .country
            .iter()
            .map(|c| c.to_ascii_uppercase())
            .filter(|c| c.len() == 2)
            .collect(),
        sizes,
        limit: PAGE_SIZE + 1,
        offset: (params.page.max(1) - 1) * PAGE_SIZE,
    };
    let impossible = (!params.theme.is_empty() && query.themes_mask == 0)
        || (!params.lang.is_empty() && query.languages_mask == 0);
    (!impossible).then_some(query)
}

/// [`search`] with the hits found by `matcher`.
pub async fn search_with(
    store: &dyn Store,
    signed_in: bool,
    params: &SearchParams,
    locale: Locale,
    matcher: Matcher,
) -> Result<SearchResults, AppError> {
    let themes = themes(store).await?;
    let query = people_query(store, signed_in, params, &themes);
    let has_terms = !search::terms(&params.q).is_empty();
    // people and cities at once: two connections, two cores
    let people = async {
        match (&query, matcher) {
            (None, _) => Ok(Default::default()),
            (Some(q), Matcher::Index) => store.search_people(q).await.map_err(AppError::from),
            (Some(q), Matcher::Database) => store
                .search_people_in_database(q)
                .await
                .map_err(AppError::from),
        }
    };
    let cities = async {
        if params.page <= 1 && has_terms {
            super::cities::search(store, &params.q).await
        } else {
            Ok(Vec::new())
        }
    };
    let (hits, cities) = tokio::join!(people, cities);
    let (mut hits, mut cities) = (hits?, cities?);
    let more = hits.rows.len() as i64 > PAGE_SIZE;
    hits.rows.truncate(PAGE_SIZE as usize);

    let selected = |list: &Vec<String>, v: &str| list.iter().any(|x| x.eq_ignore_ascii_case(v));
    let keep = |v: &FacetValue| v.count > 0 || v.selected;
    let facets = Facets {
        theme: themes
            .iter()
            .map(|t| FacetValue {
                value: t.id.clone(),
                label: theme_name(t, locale),
                count: hits.theme_counts.get(t.bit as usize).copied().unwrap_or(0),
                selected: selected(&params.theme, &t.id),
            })
            .filter(keep)
            .collect(),
        sector: hits
            .sector_counts
            .iter()
            .filter_map(|(s, n)| Sector::parse(s).map(|sec| (sec, *n)))
            .map(|(s, n)| FacetValue {
                value: s.as_str().to_owned(),
                label: s.label().text(locale).to_owned(),
                count: n,
                selected: selected(&params.sector, s.as_str()),
            })
            .filter(keep)
            .collect(),
        country: {
            let mut v: Vec<FacetValue> = hits
                .country_counts
                .iter()
                .map(|(c, n)| FacetValue {
                    value: c.clone(),
                    label: c.clone(),
                    count: *n,
                    selected: selected(&params.country, c),
                })
                .collect();
            for c in &params.country {
                if !v.iter().any(|f| f.value.eq_ignore_ascii_case(c)) {
                    v.push(FacetValue {
                        value: c.to_ascii_uppercase(),
                        label: c.to_ascii_uppercase(),
                        count: 0,
                        selected: true,
                    });
                }
            }
            let codes: Vec<String> = v.iter().map(|f| f.value.clone()).collect();
            let names = store.country_names(&codes).await?;
            for f in &mut v {
                if let Some((_, name)) = names.iter().find(|(code, _)| *code == f.value) {
                    f.label = name.clone();
                }
            }
            v
        },
        lang: profile::LANGUAGES
            .iter()
            .enumerate()
            .map(|(i, (code, m))| FacetValue {
                value: (*code).to_owned(),
                label: m.text(locale).to_owned(),
                count: hits.language_counts.get(i).copied().unwrap_or(0),
                selected: selected(&params.lang, code),
            })
            .filter(keep)
            .collect(),
        size: hits
            .size_counts
            .iter()
            .filter_map(|(code, n)| SizeBucket::from_code(*code).map(|b| (b, *n)))
            .map(|(b, n)| FacetValue {
                value: b.code().to_string(),
                label: b.label().text(locale).to_owned(),
                count: n,
                selected: selected(&params.size, &b.code().to_string()),
            })
            .filter(keep)
            .collect(),
    };
    // cities on the first page only, when there is something typed
    if !params.country.is_empty() {
        cities.retain(|city| selected(&params.country, &city.country_code));
    }
    if !params.size.is_empty() {
        cities.retain(|city| {
            selected(
                &params.size,
                &SizeBucket::of(city.population).code().to_string(),
            )
        });
    }
    cities.truncate(6);
    Ok(SearchResults {
        news: Vec::new(),
        people: hits
            .rows
            .into_iter()
            .map(|p| card(p, &themes, locale))
            .collect(),
        total: hits.total,
        page: params.page.max(1),
        more,
        facets,
        cities,
        signed_in,
    })
}

/// The taxonomy with its SDGs and how many members (that the reader may
/// see) are interested in each theme.
pub async fn theme_list(
    store: &dyn Store,
    signed_in: bool,
    locale: Locale,
) -> Result<Vec<ThemeView>, AppError> {
    let themes = themes(store).await?;
    let sdgs = store.sdgs().await?;
    let counts = store
        .search_people(&PeopleQuery {
            max_visibility: if signed_in { 1 } else { 0 },
            limit: 0,
            ..Default::default()
        })
        .await?
        .theme_counts;
    Ok(themes
        .iter()
        .map(|t| ThemeView {
            id: t.id.clone(),
            name: theme_name(t, locale),
            sdgs: t
                .sdgs
                .iter()
                .filter_map(|n| sdgs.iter().find(|s| s.number == *n))
                .map(|s| SdgView {
                    number: s.number,
                    name: s.names[idx(locale)].clone(),
                })
                .collect(),
            members: counts.get(t.bit as usize).copied().unwrap_or(0),
        })
        .collect())
}

/// All 17 goals, for the admin's theme editor.
pub async fn sdg_choices(store: &dyn Store, locale: Locale) -> Result<Vec<SdgView>, AppError> {
    Ok(store
        .sdgs()
        .await?
        .into_iter()
        .map(|s| SdgView {
            number: s.number,
            name: s.names[idx(locale)].clone(),
        })
        .collect())
}

pub async fn set_theme_sdgs(
    store: &dyn Store,
    admin: &UserRecord,
    theme: &str,
    sdgs: &[i64],
) -> Result<(), AppError> {
    if admin.role != crate::domain::Role::Admin {
        return Err(AppError::Forbidden);
    }
    if sdgs.iter().any(|n| !(1..=17).contains(n)) {
        return Err(AppError::validation("sdgs", Msg::ErrChoice));
    }
    if !store.set_theme_sdgs(theme, sdgs).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(admin = admin.id.0, theme, ?sdgs, "theme SDGs changed");
    Ok(())
}

/// A day in UTC, written the reader's way.
fn day(locale: Locale, at: i64) -> String {
    use chrono::{Datelike, TimeZone, Utc};
    match Utc.timestamp_opt(at, 0).single() {
        Some(t) => crate::i18n::dates::date(
            locale,
            t.year(),
            t.month(),
            t.day(),
            t.weekday().num_days_from_monday(),
        ),
        None => String::new(),
    }
}

pub const MAX_CHALLENGES: usize = 2000;

pub async fn city_page(
    store: &dyn Store,
    viewer: Option<&UserRecord>,
    id: i64,
    locale: Locale,
) -> Result<CityPageData, AppError> {
    let city = super::cities::get(store, id).await?;
    let themes = themes(store).await?;
    let max_visibility = if viewer.is_some() { 1 } else { 0 };
    let (members, member_count) = store.city_members(id, max_visibility, 12).await?;
    let note = store.city_note(id).await?;
    let can_edit = match viewer {
        Some(v) => store.profile(v.id).await?.and_then(|p| p.city_id) == Some(id),
        None => false,
    };
    let changes = if can_edit {
        store.city_changes(id, 20).await?
    } else {
        Vec::new()
    };
    let date = |at: i64| day(locale, at);
    let partners = super::partners::for_city(store, id, max_visibility, locale).await?;
    Ok(CityPageData {
        news: Vec::new(),
        publications: Vec::new(),
        partners,
        city,
        members: members
            .into_iter()
            .map(|p| card(p, &themes, locale))
            .collect(),
        member_count,
        themes: choices(note.themes_mask, &themes, locale),
        challenges: note.challenges.clone(),
        updated: note.updated_at.map(|at| {
            Msg::CityUpdatedBy.fill(
                locale,
                &[
                    (
                        "name",
                        note.updated_by
                            .as_deref()
                            .filter(|_| note.author_visibility <= max_visibility)
                            .unwrap_or(Msg::AMember.text(locale)),
                    ),
                    ("date", &date(at)),
                ],
            )
        }),
        can_edit,
        all_themes: all_choices(&themes, locale),
        changes: changes
            .into_iter()
            .map(|c| CityChangeView {
                who: c
                    .user_name
                    .filter(|_| c.author_visibility <= max_visibility)
                    .unwrap_or_else(|| Msg::AMember.text(locale).to_owned()),
                when: date(c.at),
                themes: themes_in(c.themes_mask, &themes)
                    .into_iter()
                    .map(|t| theme_name(t, locale))
                    .collect(),
                challenges: c.challenges,
            })
            .collect(),
    })
}

/// Members whose home city this is may say what it works on; every save is
/// kept in the city's change log.
pub async fn save_city_note(
    store: &dyn Store,
    user: &UserRecord,
    city_id: i64,
    theme_ids: &[String],
    challenges: &str,
    now: i64,
) -> Result<(), AppError> {
    let home = store.profile(user.id).await?.and_then(|p| p.city_id);
    if home != Some(city_id) {
        return Err(AppError::Forbidden);
    }
    let themes = themes(store).await?;
    let mask = mask_of(theme_ids, &themes, "themes")?;
    let text = challenges.replace("\r\n", "\n").trim().to_owned();
    if text.chars().count() > MAX_CHALLENGES {
        return Err(AppError::validation("challenges", Msg::ErrTooLong));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(AppError::validation("challenges", Msg::ErrInvalidText));
    }
    store
        .save_city_note(city_id, user.id, mask, &text, now)
        .await
        .map_err(AppError::from)
}

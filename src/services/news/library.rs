//! The publications library: reports, case studies, policy briefs,
//! toolkits, application forms and FAQs, each a checked PDF, ODT or DOCX
//! file under `<data_dir>/documents` with its details; the list with
//! filters, a publication's page with its citation exports and scholarly
//! meta tags, and downloads counted per month.

use super::super::Ctx;
use super::{lang_name, PER_PAGE};
use crate::domain::news::{DocumentType, PublicationForm, PublicationKind};
use crate::domain::Locale;
use crate::dto::{
    Choice, Link, PublicationCard, PublicationEditor, PublicationFilters, PublicationList,
    PublicationPage,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::news::{PublicationQuery, PublicationRecord, PublicationWrite, StoredFile};
use crate::store::UserRecord;
use std::collections::BTreeMap;

/// Largest publication file, in bytes.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

fn titles(p: &PublicationRecord) -> BTreeMap<String, String> {
    serde_json::from_str(&p.titles).unwrap_or_default()
}

/// The title in the reader's language, else the document's, else any; and
/// the language it is in.
pub fn title_for(p: &PublicationRecord, locale: Locale) -> (String, String) {
    let t = titles(p);
    for code in [locale.code(), p.language.as_str()] {
        if let Some(title) = t.get(code) {
            return (title.clone(), code.to_owned());
        }
    }
    t.iter()
        .next()
        .map(|(c, title)| (title.clone(), c.clone()))
        .unwrap_or_default()
}

fn kind_label(kind: &str, locale: Locale) -> String {
    PublicationKind::parse(kind)
        .map(|k| k.label().text(locale).to_owned())
        .unwrap_or_default()
}

fn format_of(p: &PublicationRecord) -> &'static str {
    match p.media_type.as_str() {
        "application/pdf" => "PDF",
        "application/vnd.oasis.opendocument.text" => "ODT",
        _ => "DOCX",
    }
}

fn language_label(code: &str, locale: Locale) -> String {
    match Locale::from_code(code) {
        Some(_) => lang_name(code, locale),
        None => code.to_uppercase(),
    }
}

fn card(p: &PublicationRecord, locale: Locale) -> PublicationCard {
    let (title, lang) = title_for(p, locale);
    PublicationCard {
        id: p.id,
        href: format!("/publications/{}", p.id),
        title,
        kind_label: kind_label(&p.kind, locale),
        year: p.year,
        language: language_label(&p.language, locale),
        lang,
        authors: p.authors.replace(';', " ·"),
        file: format!(
            "{}, {}",
            format_of(p),
            super::super::numbers::human_size(p.bytes, locale)
        ),
    }
}

/// `/publications`, or the publications about a city or pairing.
pub async fn list(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    f: PublicationFilters,
    locale: Locale,
) -> Result<PublicationList, AppError> {
    let kind = PublicationKind::parse(&f.kind).ok();
    let themes = ctx.store.themes().await?;
    let theme = themes
        .iter()
        .find(|t| t.id == f.theme.trim())
        .map(|t| t.id.clone());
    let (years, languages) = ctx.store.publication_facets().await?;
    let year = f
        .year
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|y| years.contains(y));
    let language = Some(f.language.trim().to_owned()).filter(|l| languages.contains(l));
    let page = f.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 10_000);
    let filters = PublicationFilters {
        kind: kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        theme: theme.clone().unwrap_or_default(),
        language: language.clone().unwrap_or_default(),
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        q: f.q.chars().take(100).collect::<String>().trim().to_owned(),
        page: page.to_string(),
    };
    let rows = ctx
        .store
        .list_publications(&PublicationQuery {
            kind: kind.map(|k| k.as_str().to_owned()),
            theme,
            language,
            year,
            words: super::folded_words(&filters.q),
            about: None,
            offset: (page - 1) * PER_PAGE,
            limit: PER_PAGE + 1,
        })
        .await?;
    let more = rows.len() as i64 > PER_PAGE;
    Ok(PublicationList {
        items: rows
            .iter()
            .take(PER_PAGE as usize)
            .map(|p| card(p, locale))
            .collect(),
        next: more.then(|| {
            let f = &filters;
            let pairs = [
                ("kind", f.kind.as_str()),
                ("theme", &f.theme),
                ("language", &f.language),
                ("year", &f.year),
                ("q", &f.q),
            ];
            format!("/publications?{}", super::query_string(&pairs, page + 1))
        }),
        page,
        filters,
        kinds: PublicationKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().to_owned(),
                label: k.label().text(locale).to_owned(),
            })
            .collect(),
        themes: themes
            .iter()
            .map(|t| Choice {
                value: t.id.clone(),
                label: crate::services::labels::theme_name(t, locale),
            })
            .collect(),
        languages: languages
            .iter()
            .map(|l| Choice {
                value: l.clone(),
                label: language_label(l, locale),
            })
            .collect(),
        years: years
            .iter()
            .map(|y| Choice {
                value: y.to_string(),
                label: y.to_string(),
            })
            .collect(),
        can_edit: super::is_staff(user),
    })
}

/// Publications about a city or a pairing, for its page.
pub async fn about(
    ctx: &Ctx,
    kind: &str,
    r: &str,
    locale: Locale,
) -> Result<Vec<PublicationCard>, AppError> {
    let rows = ctx
        .store
        .list_publications(&PublicationQuery {
            about: Some((kind.to_owned(), r.to_owned())),
            limit: 10,
            ..Default::default()
        })
        .await?;
    Ok(rows.iter().map(|p| card(p, locale)).collect())
}

fn authors_of(p: &PublicationRecord) -> Vec<String> {
    p.authors
        .split(';')
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect()
}

fn absolute(ctx: &Ctx, path: &str) -> String {
    format!("{}{path}", ctx.config.base_url.trim_end_matches('/'))
}

/// A publication's page.
pub async fn page(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    id: i64,
    locale: Locale,
) -> Result<PublicationPage, AppError> {
    let p = ctx.store.publication(id).await?.ok_or(AppError::NotFound)?;
    let staff = super::is_staff(user);
    let (links, by_month, themes) = tokio::try_join!(
        ctx.store.publication_links(id),
        async {
            if staff {
                ctx.store.publication_downloads(id).await
            } else {
                Ok(Vec::new())
            }
        },
        ctx.store.themes(),
    )?;
    let (title, lang) = title_for(&p, locale);
    let mut about = Vec::new();
    for (kind, r) in &links {
        let n = r.parse::<i64>().unwrap_or(0);
        match kind.as_str() {
            "city" => {
                if let Some(c) = ctx.store.city_by_id(n).await? {
                    about.push(Link {
                        label: format!("{}, {}", c.city.name, c.country_name),
                        href: format!("/cities/{n}"),
                    });
                }
            }
            "pairing" => {
                if let Some(x) = ctx.store.pairing(n).await? {
                    about.push(Link {
                        label: x.title(),
                        href: format!("/pairing/{n}"),
                    });
                }
            }
            _ => {}
        }
    }
    let authors = authors_of(&p);
    let download_href = format!("/publications/{id}/download");
    let mut meta = vec![("citation_title".to_owned(), title.clone())];
    for a in &authors {
        meta.push(("citation_author".to_owned(), a.clone()));
    }
    meta.push(("citation_publication_date".to_owned(), p.year.to_string()));
    meta.push(("citation_language".to_owned(), p.language.clone()));
    if !p.institution.is_empty() {
        meta.push((
            "citation_technical_report_institution".to_owned(),
            p.institution.clone(),
        ));
    }
    if p.media_type == "application/pdf" {
        meta.push(("citation_pdf_url".to_owned(), absolute(ctx, &download_href)));
    }
    meta.push((
        "citation_abstract_html_url".to_owned(),
        absolute(ctx, &format!("/publications/{id}")),
    ));
    let size = super::super::numbers::human_size(p.bytes, locale);
    Ok(PublicationPage {
        id,
        title,
        lang,
        kind_label: kind_label(&p.kind, locale),
        institution: p.institution.clone(),
        year: p.year,
        language: language_label(&p.language, locale),
        pages: p
            .pages
            .map(|n| Msg::PubPages.fill(locale, &[("n", &n.to_string())])),
        abstract_text: p.abstract_text.clone(),
        themes: p
            .themes
            .split(',')
            .filter_map(|t| themes.iter().find(|x| x.id == t))
            .map(|t| crate::services::labels::theme_name(t, locale))
            .collect(),
        about,
        download_label: Msg::PubDownload.fill(
            locale,
            &[
                ("format", format_of(&p)),
                ("size", &size),
                ("language", &language_label(&p.language, locale)),
            ],
        ),
        download_href,
        bibtex_href: format!("/publications/{id}/cite.bib"),
        csl_href: format!("/publications/{id}/cite.json"),
        citation_meta: meta,
        can_edit: staff,
        downloads: Msg::PubDownloadsTotal.fill(locale, &[("n", &locale.format_int(p.downloads))]),
        by_month,
        authors,
    })
}

/// The details as a citation (English labels: indexers read them).
pub async fn citable(ctx: &Ctx, id: i64) -> Result<crate::services::citation::Citable, AppError> {
    let p = ctx.store.publication(id).await?.ok_or(AppError::NotFound)?;
    let (title, _) = title_for(&p, Locale::from_code(&p.language).unwrap_or(Locale::En));
    Ok(crate::services::citation::Citable {
        id,
        kind: p.kind.clone(),
        title,
        authors: authors_of(&p),
        institution: p.institution.clone(),
        year: p.year,
        language: p.language.clone(),
        url: absolute(ctx, &format!("/publications/{id}")),
        abstract_text: p.abstract_text.clone(),
        pages: p.pages,
    })
}

/// The file to send, counted as a download in this month (UTC).
pub async fn download(ctx: &Ctx, id: i64) -> Result<PublicationRecord, AppError> {
    let p = ctx.store.publication(id).await?.ok_or(AppError::NotFound)?;
    let t = super::super::time::rfc3339(ctx.now());
    ctx.store.count_download(id, &t[..7]).await?;
    Ok(p)
}

/// The editor of publication `id` (0: a new one), for staff.
pub async fn editor(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    locale: Locale,
) -> Result<PublicationEditor, AppError> {
    super::super::calls::require_staff(user)?;
    let themes = ctx.store.themes().await?;
    let theme_choices = themes
        .iter()
        .map(|t| Choice {
            value: t.id.clone(),
            label: crate::services::labels::theme_name(t, locale),
        })
        .collect();
    let kinds = PublicationKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().to_owned(),
            label: k.label().text(locale).to_owned(),
        })
        .collect();
    if id == 0 {
        return Ok(PublicationEditor {
            id: 0,
            version: 0,
            form: PublicationForm {
                kind: "report".into(),
                language: locale.code().into(),
                year: super::super::time::rfc3339(ctx.now())[..4].to_owned(),
                ..Default::default()
            },
            kinds,
            theme_choices,
            file: String::new(),
        });
    }
    let p = ctx.store.publication(id).await?.ok_or(AppError::NotFound)?;
    let links = ctx.store.publication_links(id).await?;
    let t = titles(&p);
    let list = |kind: &str| {
        links
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, r)| r.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Ok(PublicationEditor {
        id,
        version: p.version,
        form: PublicationForm {
            kind: p.kind.clone(),
            title_en: t.get("en").cloned().unwrap_or_default(),
            title_fr: t.get("fr").cloned().unwrap_or_default(),
            title_es: t.get("es").cloned().unwrap_or_default(),
            authors: p.authors.clone(),
            institution: p.institution.clone(),
            year: p.year.to_string(),
            language: p.language.clone(),
            pages: p.pages.map(|n| n.to_string()).unwrap_or_default(),
            abstract_text: p.abstract_text.clone(),
            themes: p
                .themes
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            cities: list("city"),
            pairings: list("pairing"),
        },
        kinds,
        theme_choices,
        file: format!(
            "{} ({}, {})",
            p.file_name,
            format_of(&p),
            super::super::numbers::human_size(p.bytes, locale)
        ),
    })
}

/// The details checked (linked cities and pairings exist, themes known).
async fn write_of(ctx: &Ctx, form: &PublicationForm) -> Result<PublicationWrite, AppError> {
    use crate::domain::FieldError;
    let this_year = super::super::time::rfc3339(ctx.now())[..4]
        .parse::<i64>()
        .unwrap_or(2026);
    let d = form.validate(this_year)?;
    let known = ctx.store.themes().await?;
    if let Some(t) = d.themes.iter().find(|t| !known.iter().any(|k| k.id == **t)) {
        let _ = t;
        return Err(FieldError::new("themes", Msg::ErrThemeUnknown).into());
    }
    let mut links = Vec::new();
    for &c in &d.cities {
        if ctx.store.city_by_id(c).await?.is_none() {
            return Err(FieldError::new("cities", Msg::ErrLinkedUnknown).into());
        }
        links.push(("city".to_owned(), c.to_string()));
    }
    for &p in &d.pairings {
        if ctx.store.pairing(p).await?.is_none() {
            return Err(FieldError::new("pairings", Msg::ErrLinkedUnknown).into());
        }
        links.push(("pairing".to_owned(), p.to_string()));
    }
    let titles: BTreeMap<String, String> = d.titles.iter().cloned().collect();
    let search = crate::domain::text::fold(&format!(
        "{} {} {} {}",
        titles.values().cloned().collect::<Vec<_>>().join(" "),
        d.authors.join(" "),
        d.institution,
        d.abstract_text
    ));
    Ok(PublicationWrite {
        kind: d.kind.as_str().to_owned(),
        titles: serde_json::to_string(&titles).map_err(|e| super::super::internal(&e))?,
        authors: d.authors.join("; "),
        institution: d.institution,
        year: d.year,
        language: d.language,
        pages: d.pages,
        abstract_text: d.abstract_text,
        themes: d.themes.join(","),
        search,
        links,
    })
}

/// Validates the details before the file is read (so a bad form costs no
/// upload); the caller then stores the file and calls [`save`].
pub async fn check(ctx: &Ctx, user: &UserRecord, form: &PublicationForm) -> Result<(), AppError> {
    super::super::calls::require_staff(user)?;
    write_of(ctx, form).await.map(|_| ())
}

/// Creates (`id` 0) or updates a publication; with `file`, it becomes the
/// publication's file. The replaced file comes back, for the caller to
/// delete once the database holds the new one.
pub async fn save(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    version: i64,
    form: &PublicationForm,
    file: Option<&StoredFile>,
) -> Result<(i64, Option<StoredFile>), AppError> {
    super::super::calls::require_staff(user)?;
    let w = write_of(ctx, form).await?;
    let now = ctx.now();
    if id == 0 {
        let file = file.ok_or_else(|| {
            AppError::from(crate::domain::FieldError::new(
                "file",
                Msg::ErrDocumentMissing,
            ))
        })?;
        return Ok((
            ctx.store
                .create_publication(&w, file, user.id.0, now)
                .await?,
            None,
        ));
    }
    if !ctx.store.update_publication(id, version, &w, now).await? {
        return match ctx.store.publication(id).await? {
            None => Err(AppError::NotFound),
            Some(_) => Err(AppError::Conflict),
        };
    }
    let old = match file {
        Some(f) => ctx.store.replace_publication_file(id, f, now).await?,
        None => None,
    };
    Ok((id, old))
}

/// Deletes a publication; its file comes back for the caller to delete.
pub async fn delete(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<Option<StoredFile>, AppError> {
    super::super::calls::require_staff(user)?;
    Ok(ctx.store.delete_publication(id).await?)
}

/// The type a stored file's name says (names are chosen by the server).
pub fn document_type(stored: &str) -> Option<DocumentType> {
    stored
        .rsplit_once('.')
        .and_then(|(_, ext)| DocumentType::from_extension(ext))
}

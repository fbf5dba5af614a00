//! "About the programme": a page staff write in Markdown in each language
//! (mission, phases, what cities commit to, quotes), shown with the
//! featured news.

use super::super::Ctx;
use crate::domain::{FieldError, Locale};
use crate::dto::{ProgrammeEditor, ProgrammePage};
use crate::error::AppError;
use crate::store::UserRecord;

pub const KEY: &str = "about";
const MAX: usize = 30_000;

/// The page in the reader's language, else English, else any.
pub async fn page(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    locale: Locale,
) -> Result<ProgrammePage, AppError> {
    let mut missing = false;
    let mut body = ctx.store.site_page(KEY, locale.code()).await?;
    if body.is_none() {
        missing = true;
        for l in Locale::ALL {
            body = ctx.store.site_page(KEY, l.code()).await?;
            if body.is_some() {
                break;
            }
        }
    }
    Ok(ProgrammePage {
        html: body
            .map(|(b, _)| super::super::markdown::to_safe_html(&b))
            .unwrap_or_default(),
        can_edit: super::is_staff(user),
        missing,
        featured: super::for_home(ctx, locale).await?,
    })
}

pub async fn editor(ctx: &Ctx, user: &UserRecord) -> Result<ProgrammeEditor, AppError> {
    super::super::calls::require_staff(user)?;
    let mut bodies = Vec::new();
    for l in Locale::ALL {
        let b = ctx.store.site_page(KEY, l.code()).await?;
        bodies.push((
            l.code().to_owned(),
            l.native_name().to_owned(),
            b.map(|(b, _)| b).unwrap_or_default(),
        ));
    }
    Ok(ProgrammeEditor { bodies })
}

/// Saves the page in each language (`bodies` in `Locale::ALL` order); an
/// empty text leaves that language as it was.
pub async fn save(ctx: &Ctx, user: &UserRecord, bodies: &[String]) -> Result<(), AppError> {
    super::super::calls::require_staff(user)?;
    let mut checked = Vec::new();
    for (l, raw) in Locale::ALL.iter().zip(bodies) {
        let field = match l {
            Locale::En => "body_en",
            Locale::Fr => "body_fr",
            Locale::Es => "body_es",
        };
        let b = crate::domain::profile::block(field, raw, MAX)?;
        if !b.is_empty() {
            checked.push((*l, b));
        }
    }
    if checked.is_empty() {
        return Err(FieldError::new("body_en", crate::i18n::Msg::ErrRequired).into());
    }
    let now = ctx.now();
    for (l, b) in checked {
        ctx.store
            .set_site_page(KEY, l.code(), &b, Some(user.id.0), now)
            .await?;
    }
    Ok(())
}

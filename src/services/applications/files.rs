//! The letters of support and the signed endorsement of an application:
//! attached to the draft by its applicants, read by them, staff and its
//! reviewers. The bytes are received and checked by `server::documents`.

use super::super::Ctx;
use super::{applicant_only, check_editable, load_for};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::calls::{FileRecord, MemberRole};
use crate::store::UserRecord;

/// Largest letter or endorsement accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Letters a draft may carry.
pub const MAX_FILES: usize = 12;

/// A letter or the endorsement, already checked (a PDF by content, within
/// the size), attached to the draft. `stored_as` is the file's name under
/// the uploads directory.
pub async fn attach(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    kind: &str,
    name: &str,
    stored_as: &str,
    bytes: i64,
) -> Result<i64, AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    check_editable(&a, &call, ctx.now())?;
    if kind != "letter" && kind != "endorsement" {
        return Err(AppError::validation("kind", Msg::ErrChoice));
    }
    if ctx.store.files_of(id).await?.len() >= MAX_FILES {
        return Err(AppError::validation("file", Msg::ErrTooManyFiles));
    }
    let name: String = name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
        .take(120)
        .collect();
    let name = if name.trim().is_empty() {
        "document.pdf".to_owned()
    } else {
        name.trim().to_owned()
    };
    Ok(ctx
        .store
        .add_file(&FileRecord {
            id: 0,
            application_id: id,
            kind: kind.to_owned(),
            name,
            stored_as: stored_as.to_owned(),
            bytes,
            uploaded_by: Some(user.id.0),
            created_at: ctx.now(),
        })
        .await?)
}

/// Removes a document from the draft; returns its stored name so that the
/// caller deletes the file.
pub async fn detach(ctx: &Ctx, user: &UserRecord, id: i64, file: i64) -> Result<String, AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    check_editable(&a, &call, ctx.now())?;
    let f = ctx
        .store
        .remove_file(id, file)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(f.stored_as)
}

/// A document of an application, for applicants, staff and the reviewers
/// assigned to it (not conflicted).
pub async fn file_for(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    file: i64,
) -> Result<FileRecord, AppError> {
    let a = ctx.store.application(id).await?.ok_or(AppError::NotFound)?;
    let allowed = matches!(
        a.role_of(user.id.0),
        Some(MemberRole::Lead | MemberRole::Co)
    ) || user.role.can_run_programme()
        || ctx
            .store
            .review(id, user.id.0)
            .await?
            .is_some_and(|r| r.status != crate::domain::call::ReviewStatus::Conflict);
    if !allowed {
        return Err(AppError::Forbidden);
    }
    ctx.store
        .files_of(id)
        .await?
        .into_iter()
        .find(|f| f.id == file)
        .ok_or(AppError::NotFound)
}

/// Whether a file's bytes are a PDF: the header at the start and an end
/// marker near the end (a renamed image or a truncated upload is refused).
pub fn looks_like_pdf(head: &[u8], tail: &[u8]) -> bool {
    head.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_are_recognised_by_content() {
        assert!(looks_like_pdf(b"%PDF-1.7\n...", b"...\n%%EOF\n"));
        assert!(!looks_like_pdf(b"\x89PNG\r\n", b"%%EOF"));
        assert!(!looks_like_pdf(b"%PDF-1.4", b"truncated"));
    }
}

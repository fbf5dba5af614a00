//! Who is signed in, shared by the header and the pages. The user resource
//! refetches after sign-out here, and after sign-in when the sign-in page
//! says so (its action lives inside the routes, where a plain form post's
//! error in the URL reaches it).

use crate::dto::SessionUser;
use crate::error::AppError;
use crate::server_fns::accounts::{current_user, SignOut};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
    pub sign_out: ServerAction<SignOut>,
}

pub fn provide_auth() -> Auth {
    let sign_out = ServerAction::<SignOut>::new();
    let user = Resource::new(move || sign_out.version().get(), |_| current_user());
    let auth = Auth { user, sign_out };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

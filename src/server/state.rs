use super::config::Config;
use super::mail::Mailer;
use crate::store::DynStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Everything a request handler may need, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: DynStore,
    pub config: Arc<Config>,
    pub mailer: Arc<Mailer>,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    pub fn new(store: DynStore, config: Config, mailer: Mailer) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("tandem")
            .site_root(config.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(config.site_addr)
            .build();
        Self {
            store,
            config: Arc::new(config),
            mailer: Arc::new(mailer),
            leptos_options,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

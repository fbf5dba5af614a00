use crate::config::Config;
use crate::mail::Mailer;
use crate::services::Ctx;
use crate::store::DynStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Everything a request handler may need, cheap to clone: the use cases'
/// context (store, configuration, mailer, clock; reached through `Deref`,
/// as `state.store`) and what only the HTTP side holds.
#[derive(Clone)]
pub struct AppState {
    pub ctx: Ctx,
    /// viewers of events in this process, and how they hear of changes
    pub live: Arc<super::live::Hub>,
    pub leptos_options: LeptosOptions,
    /// event pages as signed-out visitors see them, for a few seconds
    pub page_cache: Arc<super::page_cache::PageCache>,
}

impl AppState {
    pub fn new(store: DynStore, config: Config, mailer: Mailer) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("tandem")
            .site_root(config.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(config.site_addr)
            .build();
        let caps = super::live::StreamCaps::new(config.live.max_per_ip, config.live.max_total);
        let live = Arc::new(super::live::Hub::new(store.backend() == "postgres", caps));
        // inside a runtime (the server, the tests): start hearing other instances
        if tokio::runtime::Handle::try_current().is_ok() {
            live.start(store.clone());
        }
        let ctx = Ctx::new(store, Arc::new(config), Arc::new(mailer), live.clone());
        Self {
            ctx,
            live,
            leptos_options,
            page_cache: Arc::default(),
        }
    }
}

impl std::ops::Deref for AppState {
    type Target = Ctx;

    fn deref(&self) -> &Ctx {
        &self.ctx
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

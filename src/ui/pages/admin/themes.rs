//! Admins link the themes to the SDGs they serve.

use crate::error::AppError;
use crate::i18n::Msg;
use crate::server_fns::network::{sdgs, themes, SetThemeSdgs};
use crate::ui::components::form::{action_error, FormAlert, Notice};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Admins decide which SDGs each theme serves.
#[component]
pub fn AdminThemesPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(
        || (),
        |_| async { Ok::<_, AppError>((themes().await?, sdgs().await?)) },
    );
    let action = ServerAction::<SetThemeSdgs>::new();
    let error = action_error(action);
    let query = use_query_map();
    let saved = Memo::new(move |_| query.read().get("notice").is_some());
    view! {
        <Title text=t(Msg::AdminThemesTitle) />
        <section class="page">
            <h1>{t(Msg::AdminThemesTitle)}</h1>
            <p class="lead">{t(Msg::AdminThemesLead)}</p>
            {move || saved.get().then(|| view! { <Notice msg=Msg::ThemeSaved /> })}
            <FormAlert error />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((list, goals)) => view! {
                            {list.into_iter().map(|th| {
                                let picked: Vec<i64> = th.sdgs.iter().map(|s| s.number).collect();
                                let goals = goals.clone();
                                let theme_id = th.id.clone();
                                view! {
                                    <ActionForm action attr:class="theme-sdgs">
                                        <fieldset class="choices">
                                            <legend>{th.name.clone()}</legend>
                                            <input type="hidden" name="theme" value=theme_id.clone() />
                                            <div class="grid">
                                                {goals.iter().enumerate().map(|(i, g)| {
                                                    let id = format!("sdg-{}-{}", theme_id, g.number);
                                                    view! {
                                                        <label for=id.clone() class="check">
                                                            <input type="checkbox" id=id.clone() name=format!("sdgs[{i}]") value=g.number.to_string() checked=picked.contains(&g.number) />
                                                            {format!("{} · {}", g.number, g.name)}
                                                        </label>
                                                    }
                                                }).collect_view()}
                                            </div>
                                        </fieldset>
                                        <button type="submit" class="button small">{t(Msg::SaveTheme)}</button>
                                    </ActionForm>
                                }
                            }).collect_view()}
                        }.into_any(),
                        Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

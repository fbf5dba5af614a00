//! What Tandem is, and whose data it shows.

use crate::i18n::Msg;
use crate::ui::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AboutPage() -> impl IntoView {
    view! {
        <Title text=t(Msg::AboutTitle) />
        <section class="page">
            <h1>{t(Msg::AboutTitle)}</h1>
            <p class="lead">{t(Msg::FooterAbout)}</p>
            <h2>{t(Msg::AboutDataTitle)}</h2>
            <p>
                {t(Msg::AboutGeoNames)}" "
                <a href="https://www.geonames.org/" rel="noopener">"GeoNames"</a>" · "
                <a href="https://creativecommons.org/licenses/by/4.0/" rel="noopener">"CC BY 4.0"</a>
            </p>
            <p>{t(Msg::AboutSdgs)}</p>
            <h2>{t(Msg::AboutLicenceTitle)}</h2>
            <p>{t(Msg::AboutLicence)}</p>
        </section>
    }
}

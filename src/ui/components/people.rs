//! How a member appears in lists: avatar, name line, a list of cards.

use crate::dto::PersonCard;
use leptos::prelude::*;

pub(crate) fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect()
}

#[component]
pub(crate) fn Avatar(
    name: String,
    url: Option<String>,
    #[prop(default = "avatar")] class: &'static str,
) -> impl IntoView {
    match url {
        Some(src) => view! { <img class=class src=src alt="" width="64" height="64" loading="lazy" /> }.into_any(),
        None => view! { <span class=format!("{class} initials") aria-hidden="true">{initials(&name)}</span> }.into_any(),
    }
}

/// A member's name (linking to their profile), anything shown beside it
/// (badges), and their headline and place: the top of every person card.
#[component]
pub(crate) fn PersonHead(
    person: PersonCard,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let href = format!("/people/{}", person.id);
    view! {
        <a class="name" href=href>{person.name.clone()}</a>
        {children.map(|c| view! { " "{c()} })}
        {(!person.headline.is_empty()).then(|| view! { <p class="meta">{person.headline.clone()}</p> })}
        {person.place.clone().map(|place| view! { <p class="meta">{place}</p> })}
    }
}

#[component]
pub fn PersonList(people: Vec<PersonCard>) -> impl IntoView {
    view! {
        <ul class="people">
            {people
                .into_iter()
                .map(|p| {
                    view! {
                        <li class="person">
                            <Avatar name=p.name.clone() url=p.photo_url.clone() />
                            <div>
                                <PersonHead person=p.clone() />
                                {(!p.themes.is_empty()).then(|| view! {
                                    <ul class="tags">
                                        {p.themes.iter().map(|th| view! { <li>{th.clone()}</li> }).collect_view()}
                                    </ul>
                                })}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

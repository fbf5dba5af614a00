mod about;
mod account;
mod admin_members;
mod cities;
mod home;
pub mod lazy;
pub(crate) mod network;
mod not_found;
mod sections;

pub use about::AboutPage;
pub use account::*;
pub use admin_members::AdminMembersPage;
pub use cities::{CitiesPage, CityPage};
pub use home::HomePage;
pub use network::{AdminThemesPage, ProfileEditPage, ProfilePage, SearchPage, ThemesPage};
pub use not_found::NotFoundPage;
pub use sections::*;

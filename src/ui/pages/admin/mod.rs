//! What admins do: members and their roles, the themes' SDGs.

mod members;
mod themes;

pub use members::AdminMembersPage;
pub use themes::AdminThemesPage;

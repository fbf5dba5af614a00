pub mod event_card;
pub mod form;
pub mod people;
pub mod section;

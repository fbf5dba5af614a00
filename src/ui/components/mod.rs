pub mod event_card;
pub mod form;

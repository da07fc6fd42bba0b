//! Pure scope helpers: glob matching now; scope normalization and sensitive-path checks come
//! later. Nothing in this module does I/O: every function is a deterministic transformation of
//! the strings it is given.

pub mod glob;
pub mod normalize;

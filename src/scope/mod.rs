//! Pure scope helpers: fnmatch-compatible glob matching (`glob`) and the normalization of a
//! scope into the pattern a human decision teaches, with the sensitive-path check
//! (`normalize`). Nothing in this module does I/O: every function is a deterministic
//! transformation of the strings it is given.

pub mod glob;
pub mod normalize;

//! Pure scope helpers: the normalization of a scope into the pattern a human decision teaches,
//! with the sensitive-path check (`normalize`). It reads commands with `risk`'s shell parser
//! and program registry and matches with [`crate::glob`]; `risk` never looks back here.
//! Nothing in this module does I/O: every function is a deterministic transformation of the
//! strings it is given.

pub mod normalize;

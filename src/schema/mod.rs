//! The lossless schema model: a synchronization schema document kept as an order-preserving JSON
//! tree, read from and written back to the exact text form it came in, with typed navigation and
//! semantic comparison.

pub mod nav;
pub mod semantic;

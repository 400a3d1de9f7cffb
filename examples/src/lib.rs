//! Shared helpers of the reference programs in `examples/examples/`.

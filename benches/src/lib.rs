//! Input generators shared by the benchmarks in `benches/benches/`.

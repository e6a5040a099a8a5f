//! The figures of METRICS.md, defined once, for every face.

//! Plotters drawings to SVG with hit regions for drill-down.

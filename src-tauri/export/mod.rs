//! Exports of figures and lists (XLSX/CSV/PNG) and the periodic report.

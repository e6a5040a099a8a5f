//! A report to a file, whole or not at all: written beside the target under a temporary name,
//! then renamed over it; on any failure (or a cancel) the temporary file is removed and the
//! target is left as it was.

use std::path::{Path, PathBuf};

use super::{Cell, ExportError, Format, Report};

/// Writes `report` to `out` in `format`. `cancelled` is asked between tables and every few
/// thousand rows; once it says yes, nothing is written.
pub fn write_report(
    report: &Report,
    format: Format,
    out: &Path,
    cancelled: &dyn Fn() -> bool,
) -> Result<(), ExportError> {
    whole_or_nothing(out, |temp| match format {
        Format::Csv => csv_file(report, temp, cancelled),
        Format::Xlsx => xlsx_file(report, temp, cancelled),
    })
}

/// Writes a chart's PNG image to `out`, whole or not at all.
pub fn write_png(png: &[u8], out: &Path) -> Result<(), ExportError> {
    whole_or_nothing(out, |temp| {
        std::fs::write(temp, png).map_err(|source| ExportError::Io {
            path: temp.display().to_string(),
            source,
        })
    })
}

/// Runs `write` on a temporary file beside `out`, then renames it over `out`; on failure the
/// temporary file goes and `out` is left as it was.
fn whole_or_nothing(
    out: &Path,
    write: impl FnOnce(&Path) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let temp = temporary_beside(out);
    let renamed = write(&temp).and_then(|()| {
        std::fs::rename(&temp, out).map_err(|source| ExportError::Io {
            path: out.display().to_string(),
            source,
        })
    });
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    renamed
}

fn temporary_beside(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    out.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

/// Rows between two questions to `cancelled`.
const CHECK_EVERY: usize = 4096;

fn check(cancelled: &dyn Fn() -> bool) -> Result<(), ExportError> {
    if cancelled() {
        return Err(ExportError::Cancelled);
    }
    Ok(())
}

fn csv_file(report: &Report, path: &Path, cancelled: &dyn Fn() -> bool) -> Result<(), ExportError> {
    let bad = |e: csv::Error| ExportError::Csv {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let file = std::fs::File::create(path).map_err(|source| ExportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    // A byte-order mark, so that spreadsheet programs read the Vietnamese text as UTF-8.
    let mut bom = std::io::BufWriter::new(file);
    std::io::Write::write_all(&mut bom, "\u{feff}".as_bytes()).map_err(|source| {
        ExportError::Io {
            path: path.display().to_string(),
            source,
        }
    })?;
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(bom);
    w.write_record([report.title.as_str()]).map_err(bad)?;
    for (label, value) in &report.about {
        w.write_record([label.as_str(), value.as_str()])
            .map_err(bad)?;
    }
    for table in &report.tables {
        check(cancelled)?;
        w.write_record([""]).map_err(bad)?;
        if report.tables.len() > 1 {
            w.write_record([table.name.as_str()]).map_err(bad)?;
        }
        w.write_record(&table.header).map_err(bad)?;
        for (i, row) in table.rows.iter().enumerate() {
            if i % CHECK_EVERY == CHECK_EVERY - 1 {
                check(cancelled)?;
            }
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => s.clone(),
                Cell::Count(n) => n.to_string(),
                Cell::Empty => String::new(),
            }))
            .map_err(bad)?;
        }
    }
    w.flush().map_err(|source| ExportError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn xlsx_file(
    report: &Report,
    path: &Path,
    cancelled: &dyn Fn() -> bool,
) -> Result<(), ExportError> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let bad = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let title = CellFormat::new().set_bold().set_font_size(14);
    let bold = CellFormat::new().set_bold();
    let header = CellFormat::new()
        .set_bold()
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let mut book = Workbook::new();
    for table in &report.tables {
        check(cancelled)?;
        let sheet = book.add_worksheet();
        sheet.set_name(&table.name).map_err(bad)?;
        sheet
            .write_string_with_format(0, 0, &report.title, &title)
            .map_err(bad)?;
        let mut row: u32 = 1;
        for (label, value) in &report.about {
            sheet
                .write_string_with_format(row, 0, label, &bold)
                .map_err(bad)?;
            sheet.write_string(row, 1, value).map_err(bad)?;
            row += 1;
        }
        row += 1;
        for (col, name) in table.header.iter().enumerate() {
            sheet
                .write_string_with_format(row, col as u16, name, &header)
                .map_err(bad)?;
            sheet
                .set_column_width(
                    col as u16,
                    (name.chars().count() as f64 * 1.1).clamp(8.0, 40.0),
                )
                .map_err(bad)?;
        }
        for (i, cells) in table.rows.iter().enumerate() {
            if i % CHECK_EVERY == CHECK_EVERY - 1 {
                check(cancelled)?;
            }
            row += 1;
            for (col, cell) in cells.iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Text(s) => sheet.write_string(row, col, s).map(|_| ()),
                    Cell::Count(n) => sheet.write_number(row, col, *n as f64).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(bad)?;
            }
        }
    }
    check(cancelled)?;
    book.save(path).map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Table;

    fn report() -> Report {
        Report {
            title: "Danh sách hồ sơ trễ hạn".into(),
            about: vec![("Kỳ báo cáo".into(), "15/10/2026 – 14/11/2026".into())],
            tables: vec![Table {
                name: "Hồ sơ".into(),
                header: vec!["Mã hồ sơ".into(), "Số ngày trễ".into()],
                rows: vec![
                    vec!["H40-1".into(), Cell::Count(3)],
                    vec!["H40-2, \"x\"".into(), Cell::Empty],
                ],
            }],
        }
    }

    #[test]
    fn csv_has_the_title_the_period_then_the_table_quoted_as_csv() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.csv");
        write_report(&report(), Format::Csv, &out, &|| false).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            text,
            "\u{feff}Danh sách hồ sơ trễ hạn\nKỳ báo cáo,15/10/2026 – 14/11/2026\n\"\"\nMã hồ sơ,Số ngày trễ\nH40-1,3\n\"H40-2, \"\"x\"\"\",\n"
        );
    }

    #[test]
    fn a_cancelled_or_failed_export_leaves_no_file_and_the_old_one_intact() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.xlsx");
        std::fs::write(&out, b"old").unwrap();
        for format in [Format::Xlsx, Format::Csv] {
            let e = write_report(&report(), format, &out, &|| true).unwrap_err();
            assert!(matches!(e, ExportError::Cancelled), "{e}");
            assert_eq!(std::fs::read(&out).unwrap(), b"old");
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert_eq!(left.len(), 1, "no temporary file is left");
        }
        let missing = dir.path().join("no-such-folder").join("a.csv");
        assert!(write_report(&report(), Format::Csv, &missing, &|| false).is_err());
        assert!(!missing.exists());
    }
}

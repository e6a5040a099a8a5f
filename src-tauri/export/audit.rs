//! The reveal audit as a report: every time an inspector saw an applicant unmasked.

use rusqlite::Connection;

use super::{Cell, ExportError, Report, Table};
use crate::cache::{self, audit};

pub fn report(conn: &Connection) -> Result<Report, ExportError> {
    let rows = audit::reveals(conn)?
        .into_iter()
        .map(|r| {
            let when = cache::from_instant_key(r.revealed_at.parse().unwrap_or_default())
                .map_or(r.revealed_at.clone(), super::instant_text);
            vec![
                Cell::Text(when),
                Cell::Text(r.os_user),
                Cell::Text(r.dossier_code),
                Cell::Text(r.reason),
            ]
        })
        .collect();
    Ok(Report {
        title: "Nhật ký xem thông tin người nộp hồ sơ".into(),
        about: vec![(
            "Ghi chú".into(),
            "Bảng chỉ ghi thêm, không sửa, không xóa được".into(),
        )],
        tables: vec![Table {
            name: "Nhật ký".into(),
            header: [
                "Thời điểm",
                "Người xem (tài khoản máy)",
                "Mã hồ sơ",
                "Lý do",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }],
    })
}

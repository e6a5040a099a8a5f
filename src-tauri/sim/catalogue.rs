//! The agencies and procedures of the simulated province: Nghệ An's departments after the
//! 2025 reorganisation (with the departments and district units that stopped, so that history
//! stays attributable), central agencies with provincial branches, a sample of the commune and
//! ward centres, and a catalogue of procedures (`data/procedures.txt`).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::source::wire::{DonVi, ThuTuc};

/// Where an agency sits (`CapDonVi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Province = 1,
    Central = 2,
    Commune = 3,
}

/// Duration unit of a procedure (`DonViThoiHan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    WorkingDays,
    WorkingHours,
    Days,
}

impl Unit {
    pub fn wire(self) -> &'static str {
        match self {
            Unit::WorkingDays => "ngay_lam_viec",
            Unit::WorkingHours => "gio_lam_viec",
            Unit::Days => "ngay",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub level: Level,
    /// Short name used in apology-letter numbers (`12/PXL-STP`).
    pub abbrev: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// Index of the successor in `Catalogue::agencies`.
    pub replaced_by: Option<usize>,
    /// Relative volume of dossiers while the agency is active.
    pub weight: f64,
    /// Whether the volume of this agency goes to its successor when it stops (a merged
    /// department) or dissolves among new units (a district whose work went to communes).
    pub volume_moves_to_successor: bool,
}

impl Agency {
    pub fn active_on(&self, d: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| d >= f) && self.valid_to.is_none_or(|t| d <= t)
    }
}

#[derive(Debug, Clone)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub field_code: String,
    pub field_name: String,
    /// Index of the agency that owns the procedure in the catalogue (`MaDonVi`).
    pub owner: usize,
    /// Index of the stopped agency that handled it before the reorganisation, if any.
    pub was: Option<usize>,
    pub commune_level: bool,
    pub duration: u32,
    pub unit: Unit,
    pub fee: i64,
    pub online_level: u8,
    /// Relative volume among the procedures an agency handles.
    pub weight: f64,
}

#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Sorted by code, so that an agency's index orders like its code (feed order).
    pub agencies: Vec<Agency>,
    pub procedures: Vec<Procedure>,
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y%m%d").expect("valid catalogue date")
}

/// (code, name, level, abbrev, valid from, valid to, successor code, weight)
type AgencyRow = (
    &'static str,
    &'static str,
    Level,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    f64,
);

/// Provincial departments and agencies: the 14 of today and the 6 that stopped on
/// 28 February 2025 when they were merged.
const PROVINCIAL: &[AgencyRow] = &[
    (
        "000.00.01.H40",
        "Văn phòng Ủy ban nhân dân tỉnh",
        Level::Province,
        "VPUB",
        None,
        None,
        None,
        0.5,
    ),
    (
        "000.00.03.H40",
        "Sở Nội vụ",
        Level::Province,
        "SNV",
        None,
        None,
        None,
        3.0,
    ),
    (
        "000.00.04.H40",
        "Sở Ngoại vụ",
        Level::Province,
        "SNGV",
        None,
        None,
        None,
        0.3,
    ),
    (
        "000.00.05.H40",
        "Sở Tài chính",
        Level::Province,
        "STC",
        None,
        None,
        None,
        1.5,
    ),
    (
        "000.00.06.H40",
        "Sở Kế hoạch và Đầu tư",
        Level::Province,
        "SKHĐT",
        None,
        Some("20250228"),
        Some("000.00.05.H40"),
        9.0,
    ),
    (
        "000.00.07.H40",
        "Sở Xây dựng",
        Level::Province,
        "SXD",
        None,
        None,
        None,
        4.0,
    ),
    (
        "000.00.08.H40",
        "Sở Giao thông vận tải",
        Level::Province,
        "SGTVT",
        None,
        Some("20250228"),
        Some("000.00.07.H40"),
        10.0,
    ),
    (
        "000.00.09.H40",
        "Sở Công Thương",
        Level::Province,
        "SCT",
        None,
        None,
        None,
        4.0,
    ),
    (
        "000.00.10.H40",
        "Sở Nông nghiệp và Môi trường",
        Level::Province,
        "SNNMT",
        Some("20250301"),
        None,
        None,
        0.0,
    ),
    (
        "000.00.11.H40",
        "Sở Nông nghiệp và Phát triển nông thôn",
        Level::Province,
        "SNNPTNT",
        None,
        Some("20250228"),
        Some("000.00.10.H40"),
        4.0,
    ),
    (
        "000.00.12.H40",
        "Sở Tài nguyên và Môi trường",
        Level::Province,
        "STNMT",
        None,
        Some("20250228"),
        Some("000.00.10.H40"),
        12.0,
    ),
    (
        "000.00.13.H40",
        "Sở Tư pháp",
        Level::Province,
        "STP",
        None,
        None,
        None,
        10.0,
    ),
    (
        "000.00.14.H40",
        "Sở Khoa học và Công nghệ",
        Level::Province,
        "SKHCN",
        None,
        None,
        None,
        1.0,
    ),
    (
        "000.00.15.H40",
        "Sở Thông tin và Truyền thông",
        Level::Province,
        "STTTT",
        None,
        Some("20250228"),
        Some("000.00.14.H40"),
        1.0,
    ),
    (
        "000.00.16.H40",
        "Sở Văn hóa, Thể thao và Du lịch",
        Level::Province,
        "SVHTTDL",
        None,
        None,
        None,
        2.0,
    ),
    (
        "000.00.17.H40",
        "Sở Giáo dục và Đào tạo",
        Level::Province,
        "SGDĐT",
        None,
        None,
        None,
        3.0,
    ),
    (
        "000.00.18.H40",
        "Sở Y tế",
        Level::Province,
        "SYT",
        None,
        None,
        None,
        5.0,
    ),
    (
        "000.00.19.H40",
        "Sở Lao động - Thương binh và Xã hội",
        Level::Province,
        "SLĐTBXH",
        None,
        Some("20250228"),
        Some("000.00.03.H40"),
        4.0,
    ),
    (
        "000.00.20.H40",
        "Thanh tra tỉnh",
        Level::Province,
        "TTT",
        None,
        None,
        None,
        0.3,
    ),
    (
        "000.00.21.H40",
        "Sở Dân tộc và Tôn giáo",
        Level::Province,
        "SDTTG",
        Some("20250301"),
        None,
        None,
        0.0,
    ),
    (
        "000.00.22.H40",
        "Ban Dân tộc tỉnh",
        Level::Province,
        "BDT",
        None,
        Some("20250228"),
        Some("000.00.21.H40"),
        0.5,
    ),
    (
        "000.30.01.H40",
        "Công an tỉnh Nghệ An",
        Level::Central,
        "CAT",
        None,
        None,
        None,
        16.0,
    ),
    (
        "000.30.02.H40",
        "Bảo hiểm xã hội tỉnh Nghệ An",
        Level::Central,
        "BHXH",
        None,
        None,
        None,
        6.0,
    ),
    (
        "000.30.03.H40",
        "Cục Thuế tỉnh Nghệ An",
        Level::Central,
        "CT",
        None,
        Some("20250630"),
        Some("000.30.04.H40"),
        5.0,
    ),
    (
        "000.30.04.H40",
        "Thuế tỉnh Nghệ An",
        Level::Central,
        "THUE",
        Some("20250701"),
        None,
        None,
        0.0,
    ),
];

/// The commune and ward centres of the sample (from 1 July 2025), with the district-level
/// unit whose seat each one took over, if that unit is part of the sample.
const COMMUNES: &[(&str, Option<&str>)] = &[
    ("Phường Trường Vinh", None),
    ("Phường Thành Vinh", Some("UBND thành phố Vinh")),
    ("Phường Vinh Hưng", None),
    ("Phường Vinh Phú", None),
    ("Phường Vinh Lộc", None),
    ("Phường Cửa Lò", Some("UBND thị xã Cửa Lò")),
    ("Phường Hoàng Mai", Some("UBND thị xã Hoàng Mai")),
    ("Phường Tân Mai", None),
    ("Phường Quỳnh Mai", None),
    ("Phường Thái Hòa", Some("UBND thị xã Thái Hòa")),
    ("Phường Tây Hiếu", None),
    ("Xã Nam Đàn", Some("UBND huyện Nam Đàn")),
    ("Xã Kim Liên", None),
    ("Xã Vạn An", None),
    ("Xã Hưng Nguyên", Some("UBND huyện Hưng Nguyên")),
    ("Xã Yên Trung", None),
    ("Xã Nghi Lộc", Some("UBND huyện Nghi Lộc")),
    ("Xã Phúc Lộc", None),
    ("Xã Diễn Châu", Some("UBND huyện Diễn Châu")),
    ("Xã Đức Châu", None),
    ("Xã Yên Thành", Some("UBND huyện Yên Thành")),
    ("Xã Quang Đồng", None),
    ("Xã Đô Lương", Some("UBND huyện Đô Lương")),
    ("Xã Bạch Ngọc", None),
    ("Xã Thanh Chương", Some("UBND huyện Thanh Chương")),
    ("Xã Anh Sơn", None),
    ("Xã Con Cuông", Some("UBND huyện Con Cuông")),
    ("Xã Tương Dương", Some("UBND huyện Tương Dương")),
    ("Xã Mường Xén", Some("UBND huyện Kỳ Sơn")),
    ("Xã Quế Phong", Some("UBND huyện Quế Phong")),
    ("Xã Quỳ Châu", None),
    ("Xã Quỳ Hợp", None),
    ("Xã Nghĩa Đàn", None),
    ("Xã Tân Kỳ", None),
];

/// Share of all dossiers that the commune level receives (the rest go to provincial and
/// central agencies): communes see more dossiers than the province.
pub const COMMUNE_SHARE: f64 = 0.55;

const COMMUNES_FROM: &str = "20250701";
const DISTRICTS_TO: &str = "20250630";

impl Catalogue {
    pub fn nghe_an() -> Self {
        let mut agencies: Vec<Agency> = PROVINCIAL
            .iter()
            .map(|&(code, name, level, abbrev, from, to, _, weight)| Agency {
                code: code.into(),
                name: name.into(),
                level,
                abbrev: abbrev.into(),
                valid_from: from.map(date),
                valid_to: to.map(date),
                replaced_by: None,
                weight,
                volume_moves_to_successor: true,
            })
            .collect();
        // Merged departments hand their volume to their successors, so the provincial volume
        // at any date is the sum of all weights.
        let provincial_weight: f64 = agencies.iter().map(|a| a.weight).sum();
        // The commune volume: wards of Vinh are busier; the district units that stopped share
        // the same volume before July 2025.
        let commune_total = provincial_weight * COMMUNE_SHARE / (1.0 - COMMUNE_SHARE);
        let raw: Vec<f64> = COMMUNES
            .iter()
            .map(|(name, _)| if name.contains("Vinh") { 2.0 } else { 1.0 })
            .collect();
        let raw_sum: f64 = raw.iter().sum();
        let districts = COMMUNES.iter().filter(|(_, d)| d.is_some()).count() as f64;
        let mut successor_of: HashMap<String, String> = PROVINCIAL
            .iter()
            .filter_map(|r| r.6.map(|s| (r.0.to_string(), s.to_string())))
            .collect();
        let mut district_no = 0;
        for (k, ((name, district), w)) in COMMUNES.iter().zip(&raw).enumerate() {
            let code = format!("000.40.{:02}.H40", k + 1);
            let short = name
                .split_whitespace()
                .skip(1)
                .collect::<Vec<_>>()
                .join(" ");
            agencies.push(Agency {
                code: code.clone(),
                name: format!("Trung tâm Phục vụ hành chính công {}", lower_first(name)),
                level: Level::Commune,
                abbrev: format!("UBND {short}"),
                valid_from: Some(date(COMMUNES_FROM)),
                valid_to: None,
                replaced_by: None,
                weight: commune_total * w / raw_sum,
                volume_moves_to_successor: false,
            });
            if let Some(district) = district {
                district_no += 1;
                let old = format!("000.39.{district_no:02}.H40");
                successor_of.insert(old.clone(), code);
                agencies.push(Agency {
                    code: old,
                    name: format!("Bộ phận tiếp nhận và trả kết quả {district}"),
                    level: Level::Commune,
                    abbrev: district.replace("UBND ", "UB "),
                    valid_from: None,
                    valid_to: Some(date(DISTRICTS_TO)),
                    replaced_by: None,
                    weight: commune_total / districts,
                    volume_moves_to_successor: false,
                });
            }
        }
        agencies.sort_by(|a, b| a.code.cmp(&b.code));
        let codes: Vec<String> = agencies.iter().map(|a| a.code.clone()).collect();
        for a in &mut agencies {
            a.replaced_by = successor_of.get(&a.code).map(|s| {
                codes
                    .iter()
                    .position(|c| c == s)
                    .unwrap_or_else(|| panic!("catalogue names an unknown successor {s}"))
            });
        }
        let procedures = parse_procedures(include_str!("data/procedures.txt"), &agencies);
        Catalogue {
            agencies,
            procedures,
        }
    }

    #[cfg(test)]
    pub fn agency_index(&self, code: &str) -> Option<usize> {
        self.agencies.iter().position(|a| a.code == code)
    }

    /// The agency whose procedures an agency applies: itself, or the end of its chain of
    /// successors (a stopped department used the procedures its successor owns now).
    pub fn procedure_owner(&self, agency: usize) -> usize {
        let mut a = agency;
        while let Some(next) = self.agencies[a].replaced_by {
            if self.agencies[a].level == Level::Commune {
                break;
            }
            a = next;
        }
        a
    }

    /// The procedures an agency handles, by index into `procedures`.
    pub fn procedures_of(&self, agency: usize) -> Vec<usize> {
        let a = &self.agencies[agency];
        if a.level == Level::Commune {
            return (0..self.procedures.len())
                .filter(|&p| self.procedures[p].commune_level)
                .collect();
        }
        let owner = self.procedure_owner(agency);
        let stopped = a.valid_to.is_some();
        let list: Vec<usize> = (0..self.procedures.len())
            .filter(|&p| {
                let pr = &self.procedures[p];
                !pr.commune_level
                    && pr.owner == owner
                    && (!stopped || pr.was == Some(agency) || owner == agency)
            })
            .collect();
        assert!(
            !list.is_empty(),
            "agency {} has no procedure in the catalogue",
            a.code
        );
        list
    }

    pub fn donvi(&self) -> Vec<DonVi> {
        self.agencies
            .iter()
            .map(|a| DonVi {
                ma_don_vi: a.code.clone(),
                ten_don_vi: a.name.clone(),
                cap_don_vi: a.level as u8,
                ma_don_vi_cha: None,
                hieu_luc_tu: a.valid_from.map(|d| d.format("%Y%m%d").to_string()),
                hieu_luc_den: a.valid_to.map(|d| d.format("%Y%m%d").to_string()),
                thay_the_boi: a.replaced_by.map(|i| self.agencies[i].code.clone()),
            })
            .collect()
    }

    pub fn thutuc(&self) -> Vec<ThuTuc> {
        self.procedures
            .iter()
            .map(|p| ThuTuc {
                ma_tthc: p.code.clone(),
                ten_tthc: p.name.clone(),
                ma_linh_vuc: p.field_code.clone(),
                ten_linh_vuc: p.field_name.clone(),
                ma_don_vi: self.agencies[p.owner].code.clone(),
                muc_do: p.online_level,
                thoi_han_giai_quyet: p.duration,
                don_vi_thoi_han: p.unit.wire().to_string(),
                le_phi: p.fee,
            })
            .collect()
    }
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses the catalogue text (format described at its top).
fn parse_procedures(text: &str, agencies: &[Agency]) -> Vec<Procedure> {
    let index_of = |code: &str| {
        agencies
            .iter()
            .position(|a| a.code == code)
            .unwrap_or_else(|| panic!("procedures.txt names an unknown agency {code}"))
    };
    let mut out: Vec<Procedure> = Vec::new();
    let mut field: Option<(usize, bool, Option<usize>, String, String)> = None;
    let mut rank_of_owner: HashMap<(usize, bool), usize> = Default::default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix('@') {
            let mut parts = head.splitn(5, ' ');
            let mut next = || {
                parts
                    .next()
                    .expect("field line: @OWNER SCOPE WAS CODE Name")
            };
            let owner = index_of(next());
            let commune = next() == "C";
            let was = match next() {
                "-" => None,
                code => Some(index_of(code)),
            };
            field = Some((owner, commune, was, next().into(), next().into()));
            continue;
        }
        let (owner, commune, was, field_code, field_name) = field
            .clone()
            .expect("a procedure line comes after a field line");
        let cols: Vec<&str> = line.rsplitn(5, '|').collect();
        let (mucdo, fee, unit, durations, names) = (cols[0], cols[1], cols[2], cols[3], cols[4]);
        let names: Vec<String> = match names.strip_prefix('{') {
            Some(rest) => {
                let (alts, tail) = rest.split_once('}').expect("closing brace");
                alts.split('|').map(|a| format!("{a}{tail}")).collect()
            }
            None => vec![names.to_string()],
        };
        let durations: Vec<u32> = durations
            .split(',')
            .map(|d| d.parse().expect("duration"))
            .collect();
        assert_eq!(names.len(), durations.len(), "durations of {names:?}");
        for (name, duration) in names.into_iter().zip(durations) {
            let rank = rank_of_owner.entry((owner, commune)).or_insert(0);
            *rank += 1;
            let n = out.len();
            out.push(Procedure {
                // National codes look like 1.001234 (provincial) and 2.000123 (commune level).
                code: format!(
                    "{}.{:06}",
                    if commune { 2 } else { 1 },
                    1000 + n * 37 % 9000 + n
                ),
                name,
                field_code: field_code.clone(),
                field_name: field_name.clone(),
                owner,
                was,
                commune_level: commune,
                duration,
                unit: match unit {
                    "nlv" => Unit::WorkingDays,
                    "glv" => Unit::WorkingHours,
                    "ngay" => Unit::Days,
                    other => panic!("unknown duration unit {other}"),
                },
                fee: fee.parse().expect("fee"),
                online_level: mucdo.parse().expect("MucDo"),
                // Zipf-like: the first procedures of an owner carry most of its volume.
                weight: 1.0 / (*rank as f64).powf(1.1),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_complete_and_consistent() {
        let c = Catalogue::nghe_an();
        assert!(c.procedures.len() >= 300, "{}", c.procedures.len());
        let mut codes: Vec<&str> = c.procedures.iter().map(|p| p.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(
            codes.len(),
            c.procedures.len(),
            "procedure codes are unique"
        );
        for unit in [Unit::WorkingDays, Unit::WorkingHours, Unit::Days] {
            assert!(c.procedures.iter().any(|p| p.unit == unit));
        }
        let sorted = c.agencies.windows(2).all(|w| w[0].code < w[1].code);
        assert!(sorted, "agencies are sorted by code");
        let departments = c
            .agencies
            .iter()
            .filter(|a| a.level == Level::Province && a.valid_to.is_none())
            .count();
        assert_eq!(departments, 14);
        for (i, a) in c.agencies.iter().enumerate() {
            assert_eq!(a.valid_to.is_some(), a.replaced_by.is_some(), "{}", a.code);
            assert!(!c.procedures_of(i).is_empty());
            assert!(a.code.len() == 13 && a.code.ends_with(".H40"), "{}", a.code);
        }
    }

    #[test]
    fn a_stopped_department_applies_the_procedures_it_had() {
        let c = Catalogue::nghe_an();
        let khdt = c.agency_index("000.00.06.H40").unwrap();
        let names: Vec<&str> = c
            .procedures_of(khdt)
            .into_iter()
            .map(|p| c.procedures[p].name.as_str())
            .collect();
        assert!(names.iter().any(|n| n.contains("thành lập công ty")));
        assert!(!names.iter().any(|n| n.contains("tài sản công")));
    }
}

//! Shared by the charts tests: realistic inputs with Vietnamese captions, and a small SVG reader.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use controlroom::charts::*;

pub const AGENCIES: [(&str, &str); 12] = [
    ("000.00.13.H40", "Sở Văn hóa, Thể thao và Du lịch"),
    ("000.00.17.H40", "Sở Nông nghiệp và Môi trường"),
    ("000.00.21.H40", "Sở Tư pháp"),
    ("000.00.25.H40", "Sở Y tế"),
    ("000.00.09.H40", "Sở Giáo dục và Đào tạo"),
    ("000.00.30.H40", "Sở Xây dựng"),
    ("000.00.05.H40", "Sở Tài chính"),
    ("000.00.07.H40", "Sở Công Thương"),
    ("000.00.11.H40", "Sở Khoa học và Công nghệ"),
    ("000.00.19.H40", "Sở Nội vụ"),
    (
        "000.00.40.H40",
        "Ban Quản lý Khu kinh tế Đông Nam Nghệ An và các khu công nghiệp",
    ),
    ("000.00.45.H40", "Sở Dân tộc và Tôn giáo"),
];

pub fn rate_text() -> RateText {
    RateText {
        title: "Tỉ lệ giải quyết đúng hạn theo đơn vị".into(),
        rate: "Tỉ lệ đúng hạn".into(),
        denominator: "Hồ sơ đã giải quyết".into(),
        target: "Mục tiêu".into(),
        status: "Trạng thái".into(),
        good: "Đạt".into(),
        warning: "Cần chú ý".into(),
        bad: "Chưa đạt".into(),
        no_data: "Chưa có hồ sơ".into(),
    }
}

pub fn thresholds() -> Thresholds {
    Thresholds {
        good: 0.95,
        warning: 0.8,
    }
}

/// The twelve agencies with varied rates; the Sở Dân tộc và Tôn giáo has nothing resolved.
pub fn rate_bars() -> RateBars {
    let figures: [(Option<f64>, u64); 12] = [
        (Some(0.923), 1204),
        (Some(0.987), 3211),
        (Some(1.0), 412),
        (Some(0.764), 89),
        (Some(0.951), 2045),
        (Some(0.612), 355),
        (Some(0.88), 17),
        (Some(0.0), 3),
        (Some(0.9), 50),
        (Some(0.97), 640),
        (Some(0.835), 96),
        (None, 0),
    ];
    RateBars {
        bars: AGENCIES
            .iter()
            .zip(figures)
            .map(|((code, name), (rate, denominator))| RateBar {
                id: format!("agency:{code}"),
                label: (*name).into(),
                rate,
                denominator,
            })
            .collect(),
        target: Some(0.95),
        thresholds: thresholds(),
        order: Order::Descending,
        text: rate_text(),
    }
}

pub fn count_bars() -> CountBars {
    let counts = [12, 40, 0, 7, 1234, 3, 0, 88, 1, 19, 250, 5];
    CountBars {
        bars: AGENCIES
            .iter()
            .zip(counts)
            .map(|((code, name), count)| CountBar {
                id: format!("agency:{code}"),
                label: (*name).into(),
                count,
            })
            .collect(),
        text: CountText {
            title: "Hồ sơ quá hạn đang xử lý theo đơn vị".into(),
            count: "Hồ sơ quá hạn".into(),
        },
    }
}

/// `n` agencies with long and short names, for the speed runs.
pub fn many_rate_bars(n: usize) -> RateBars {
    let mut s = rate_bars();
    s.bars = (0..n)
        .map(|i| {
            let (_, name) = AGENCIES[i % AGENCIES.len()];
            let rate = if i % 17 == 5 {
                None
            } else {
                Some(((i * 37) % 100) as f64 / 100.0)
            };
            RateBar {
                id: format!("agency:{i:03}.00.00.H40"),
                label: format!("{name} ({i})"),
                rate,
                denominator: if rate.is_some() {
                    (i as u64 * 13) % 900 + 1
                } else {
                    0
                },
            }
        })
        .collect();
    s
}

pub fn many_count_bars(n: usize) -> CountBars {
    let mut s = count_bars();
    s.bars = (0..n)
        .map(|i| CountBar {
            id: format!("agency:{i:03}.00.00.H40"),
            label: format!("{} ({i})", AGENCIES[i % AGENCIES.len()].1),
            count: (i as u64 * 7919) % 400,
        })
        .collect();
    s
}

pub fn trend() -> Trend {
    let weeks = 12;
    Trend {
        periods: (0..weeks)
            .map(|i| {
                let monday =
                    NaiveDate::from_ymd_opt(2026, 9, 7).unwrap() + chrono::Duration::weeks(i);
                let received = 800 + (i as u64 * 131) % 400;
                let resolved = if i == 5 {
                    0
                } else {
                    700 + (i as u64 * 97) % 450
                };
                period(monday, received, resolved, i)
            })
            .collect(),
        target: Some(0.95),
        text: TrendText {
            title: "Xu hướng theo tuần".into(),
            received: "Tiếp nhận".into(),
            resolved: "Đã giải quyết".into(),
            on_time_rate: "Tỉ lệ đúng hạn".into(),
            target: "Mục tiêu".into(),
        },
    }
}

/// A week from its Monday; no rate when nothing was resolved.
fn period(monday: NaiveDate, received: u64, resolved: u64, i: i64) -> TrendPeriod {
    TrendPeriod {
        id: format!("week:{monday}"),
        label: monday.format("%d/%m").to_string(),
        received,
        resolved,
        on_time_rate: (resolved > 0).then(|| 0.82 + ((i * 7) % 17) as f64 / 100.0),
    }
}

pub fn at(d: u32, m: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

pub fn timeline_text() -> TimelineText {
    TimelineText {
        title: "Hồ sơ 000.00.13.H40-260213-0042: quá trình xử lý".into(),
        step: "Xử lý".into(),
        start: "Bắt đầu".into(),
        end: "Kết thúc".into(),
        deadline: "Hạn của bước".into(),
        late: "Trễ hạn".into(),
        on_time: "Đúng hạn".into(),
        in_progress: "Đang xử lý".into(),
        due: "Hạn trả".into(),
        pause: "Tạm dừng".into(),
        extension: "Gia hạn".into(),
        status: "Trạng thái".into(),
    }
}

/// A dossier received 2 March, paused for a supplement, extended once, one step late and the
/// last still open at 20 March.
pub fn timeline() -> Timeline {
    let step = |id: &str, label: &str, start, end, deadline, late| TimelineStep {
        id: id.into(),
        label: label.into(),
        start,
        end,
        deadline: Some(deadline),
        late,
        details: vec![("Cán bộ".into(), "Nguyễn Thị Hồng Nhung".into())],
    };
    Timeline {
        steps: vec![
            step(
                "step:1",
                "Tiếp nhận hồ sơ (Bộ phận một cửa)",
                at(2, 3, 8, 15),
                Some(at(2, 3, 10, 0)),
                at(2, 3, 17, 0),
                false,
            ),
            step(
                "step:2",
                "Thẩm định (Phòng Quản lý văn hóa và gia đình)",
                at(2, 3, 10, 0),
                Some(at(11, 3, 16, 0)),
                at(9, 3, 17, 0),
                true,
            ),
            step(
                "step:3",
                "Trình ký (Lãnh đạo Sở)",
                at(11, 3, 16, 0),
                Some(at(12, 3, 9, 0)),
                at(13, 3, 17, 0),
                false,
            ),
            step(
                "step:4",
                "Trả kết quả",
                at(12, 3, 9, 0),
                None,
                at(16, 3, 17, 0),
                true,
            ),
        ],
        pauses: vec![TimelineSpan {
            id: "pause:1".into(),
            label: "Tạm dừng: bổ sung hồ sơ".into(),
            start: at(4, 3, 9, 0),
            end: Some(at(6, 3, 15, 0)),
        }],
        extensions: vec![TimelineMarker {
            id: "extension:1".into(),
            label: "Gia hạn".into(),
            at: at(18, 3, 17, 0),
        }],
        due: Some(at(16, 3, 17, 0)),
        as_of: at(20, 3, 10, 0),
        text: timeline_text(),
    }
}

/// An element of the SVG with its attributes and the text it contains.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn num(&self, key: &str) -> f64 {
        self.attr(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{key} of {self:?}"))
    }
}

/// Reads the SVG as XML, failing on anything not well-formed (mismatched or unclosed tags,
/// bad entities, more than one root), and returns its elements in document order.
pub fn parse_svg(svg: &str) -> Vec<Element> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut out: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut roots = 0;
    let element = |e: &quick_xml::events::BytesStart| Element {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let v = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("attribute value");
                (a.key.as_ref().to_string(), v.into_owned())
            })
            .collect(),
        text: String::new(),
    };
    loop {
        match reader.read_event().expect("well-formed SVG") {
            Event::Start(e) => {
                if open.is_empty() {
                    roots += 1;
                }
                out.push(element(&e));
                open.push(out.len() - 1);
            }
            Event::Empty(e) => {
                assert!(!open.is_empty(), "element outside the root");
                out.push(element(&e));
            }
            Event::End(_) => {
                open.pop().expect("a closing tag without its opening tag");
            }
            Event::Text(t) => {
                let s = t.as_ref().to_string();
                if let Some(&i) = open.last() {
                    out[i].text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let s = match r.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other:?}"),
                };
                if let Some(&i) = open.last() {
                    out[i].text.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements at the end");
    assert_eq!(roots, 1, "an SVG has exactly one root element");
    out
}

pub fn rects(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    parse_svg(svg)
        .into_iter()
        .filter(|e| e.name == "rect")
        .map(|e| {
            (
                e.num("x"),
                e.num("y"),
                e.num("width"),
                e.num("height"),
                e.attr("fill").unwrap_or("").to_string(),
            )
        })
        .collect()
}

pub fn texts(svg: &str) -> Vec<Element> {
    parse_svg(svg)
        .into_iter()
        .filter(|e| e.name == "text")
        .collect()
}

/// The text of every text element, trimmed.
pub fn shown(svg: &str) -> Vec<String> {
    texts(svg)
        .iter()
        .map(|t| t.text.trim().to_string())
        .collect()
}

/// Expected tooltip lines.
pub fn pairs(lines: &[(&str, &str)]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

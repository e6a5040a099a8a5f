//! The weekly trend and the dossier timeline: regions per period and per step, the rate line on
//! its own 0–100 % axis, deadlines and late parts where the dates put them.

mod charts_support;

use charts_support::*;
use controlroom::charts::{self, ChartError, Spec};

#[test]
fn a_trend_has_one_region_per_period_side_by_side() {
    let t = trend();
    let chart = charts::svg(&Spec::Trend(t.clone()), 640, 360).unwrap();
    assert_eq!(chart.regions.len(), 12);
    for (r, p) in chart.regions.iter().zip(&t.periods) {
        assert_eq!(r.id, p.id);
        assert_eq!(r.label, p.label);
        assert!(
            r.x >= 0.0 && r.x + r.w <= 640.0 && r.y >= 0.0 && r.y + r.h <= 360.0,
            "{r:?}"
        );
    }
    for pair in chart.regions.windows(2) {
        assert_eq!(
            pair[0].x + pair[0].w,
            pair[1].x,
            "bands touch, never overlap"
        );
        assert_eq!((pair[0].y, pair[0].h), (pair[1].y, pair[1].h));
    }
    // Week 1 (07/09): 800 received, 700 resolved, rate 0,82 + 0 = 82,0 %.
    assert_eq!(
        chart.regions[0].tooltip,
        pairs(&[
            ("Tiếp nhận", "800"),
            ("Đã giải quyết", "700"),
            ("Tỉ lệ đúng hạn", "82,0 % (700)"),
        ])
    );
    // Week 6 (12/10) resolved nothing: no rate, a dash.
    assert_eq!(chart.regions[5].tooltip[2].1, "—");
}

#[test]
fn the_rate_line_uses_the_full_height_as_100_percent_and_breaks_where_there_is_no_rate() {
    let t = trend();
    let chart = charts::svg(&Spec::Trend(t.clone()), 640, 360).unwrap();
    // The rate's dots: a dark dot per period that has a rate.
    let dots: Vec<(f64, f64)> = parse_svg(&chart.svg)
        .into_iter()
        .filter(|e| {
            e.name == "circle" && e.attr("fill") == Some("#222222") && e.attr("r") == Some("3")
        })
        .map(|e| (e.num("cx"), e.num("cy")))
        .filter(|(_, cy)| *cy > chart.regions[0].y - 1.0)
        .collect();
    assert_eq!(dots.len(), 11, "12 weeks, one without a rate");
    for (region, p) in chart.regions.iter().zip(&t.periods) {
        let centre = region.x + region.w / 2.0;
        let dot = dots.iter().find(|(cx, _)| (cx - centre).abs() <= 1.0);
        match p.on_time_rate {
            Some(rate) => {
                let (_, cy) = dot.unwrap_or_else(|| panic!("no dot for {}", p.id));
                let expected = region.y + region.h * (1.0 - rate);
                assert!(
                    (cy - expected).abs() <= 1.0,
                    "{} at {cy}, expected {expected}",
                    p.id
                );
            }
            None => assert!(dot.is_none(), "a dot was invented for {}", p.id),
        }
    }
    let texts = shown(&chart.svg);
    for label in ["0 %", "50 %", "100 %", "07/09", "2.000"] {
        assert!(
            texts.contains(&label.to_string()),
            "{label} not in {texts:?}"
        );
    }
}

#[test]
fn crowded_period_labels_are_thinned_not_overlapped() {
    let mut t = trend();
    let base = t.periods.clone();
    t.periods = (0..52)
        .map(|i| {
            let mut p = base[i % base.len()].clone();
            p.id = format!("week:{i}");
            p
        })
        .collect();
    let chart = charts::svg(&Spec::Trend(t), 400, 300).unwrap();
    assert_eq!(chart.regions.len(), 52);
    let bottom = chart.regions[0].y + chart.regions[0].h;
    let mut labels: Vec<(f64, String)> = texts(&chart.svg)
        .into_iter()
        .filter(|e| e.num("y") > bottom)
        .map(|e| (e.num("x"), e.text.trim().to_string()))
        .collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(labels.len() < 52 && labels.len() > 3, "{labels:?}");
    // "dd/mm" at 11,5 px is under 35 px wide: centres 40 px apart never touch.
    for pair in labels.windows(2) {
        assert!(pair[1].0 - pair[0].0 >= 40.0, "{pair:?}");
    }
}

#[test]
fn a_timeline_has_a_region_per_step_with_its_dates() {
    let chart = charts::svg(&Spec::Timeline(timeline()), 900, 360).unwrap();
    let steps: Vec<_> = chart
        .regions
        .iter()
        .filter(|r| r.id.starts_with("step:"))
        .collect();
    let ids: Vec<&str> = steps.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["step:1", "step:2", "step:3", "step:4"]);
    for r in &chart.regions {
        assert!(
            r.w > 0.0
                && r.x >= 0.0
                && r.x + r.w <= 900.0
                && r.y >= 0.0
                && r.y + r.h <= f64::from(chart.height),
            "{r:?}"
        );
    }
    let late = steps[1];
    assert_eq!(late.label, "Thẩm định (Phòng Quản lý văn hóa và gia đình)");
    assert_eq!(
        late.tooltip,
        pairs(&[
            ("Bắt đầu", "02/03/2026 10:00"),
            ("Kết thúc", "11/03/2026 16:00"),
            ("Hạn của bước", "09/03/2026 17:00"),
            ("Trạng thái", "Trễ hạn"),
            ("Cán bộ", "Nguyễn Thị Hồng Nhung"),
        ])
    );
    assert_eq!(
        steps[3].tooltip[1],
        ("Kết thúc".to_string(), "Đang xử lý".to_string())
    );
    assert_eq!(
        steps[0].tooltip[3],
        ("Trạng thái".to_string(), "Đúng hạn".to_string())
    );
    // The pause, the due date and the extension can be pointed at too.
    for id in ["pause:1", "due", "extension:1"] {
        assert!(chart.regions.iter().any(|r| r.id == id), "{id}");
    }
}

#[test]
fn late_parts_start_at_the_deadline_and_are_marked_in_words() {
    let chart = charts::svg(&Spec::Timeline(timeline()), 900, 360).unwrap();
    let r = |id: &str| chart.regions.iter().find(|r| r.id == id).unwrap().clone();
    // Pixels per hour from step 2 (02/03 10:00 → 11/03 16:00, 222 hours).
    let s2 = r("step:2");
    let per_hour = s2.w / 222.0;
    // Its deadline 09/03 17:00 is 175 hours after its start.
    let deadline_x = s2.x + 175.0 * per_hour;
    let rects = rects(&chart.svg);
    let late: Vec<_> = rects.iter().filter(|(.., f)| f == "#D55E00").collect();
    let in_row = |y: f64, h: f64| {
        late.iter()
            .filter(move |(_, ry, _, rh, _)| *ry >= y - 1.0 && ry + rh <= y + h + 1.0)
    };
    let part = in_row(s2.y, s2.h).find(|(x, ..)| (x - deadline_x).abs() <= 1.5);
    let (x, _, w, _, _) = part.unwrap_or_else(|| panic!("no late part at {deadline_x}: {late:?}"));
    assert!(
        (x + w - (s2.x + s2.w)).abs() <= 1.5,
        "the late part runs to the step's end"
    );
    // The on-time steps have none.
    for id in ["step:1", "step:3"] {
        let s = r(id);
        assert_eq!(in_row(s.y, s.h).count(), 0, "{id} is not late");
        // Drawn whole in blue, exactly where its region is (and at least 4 px wide).
        let blue = rects
            .iter()
            .filter(|(x, y, w, h, f)| (*x, *y, *w, *h) == (s.x, s.y, s.w, s.h) && f == "#0072B2");
        assert_eq!(blue.count(), 1, "{id}: {s:?}");
        assert!(s.w >= 4.0);
    }
    // Late is said in words too (and with the cross mark), once per late step.
    let words = texts(&chart.svg)
        .iter()
        .filter(|t| t.text.trim() == "Trễ hạn")
        .count();
    assert_eq!(words, 2 + 1, "two late steps and the legend");
    // The axis is in dd/mm.
    let texts = shown(&chart.svg);
    assert!(texts.iter().any(|t| t == "10/03"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "Hạn trả 16/03"), "{texts:?}");
}

#[test]
fn empty_inputs_are_refused_with_a_message() {
    let mut t = trend();
    t.periods.clear();
    let err = charts::svg(&Spec::Trend(t), 640, 360).unwrap_err();
    assert!(matches!(err, ChartError::BadInput(_)), "{err}");
    let mut d = timeline();
    d.steps[0].end = Some(at(1, 3, 0, 0));
    let err = charts::svg(&Spec::Timeline(d), 640, 360).unwrap_err();
    assert!(
        err.to_string().contains("step:1 ends before it starts"),
        "{err}"
    );
}

//! The sorted bar charts of agencies: hit regions against the drawn SVG, order, target line,
//! dashes for missing rates, shortened names.

mod charts_support;

use ab_glyph::{Font, FontRef};
use charts_support::*;
use controlroom::charts::{self, ChartError, HitRegion, Order, Spec};

const GOOD: &str = "#009E73";
/// A count, not judged against a target.
const BLUE: &str = "#0072B2";
const ORANGE: &str = "#E69F00";
const VERMILLION: &str = "#D55E00";

/// The rate chart of the twelve agencies, sorted best first by hand:
/// 100 % Tư pháp, 98,7 % Nông nghiệp, 97 % Nội vụ, 95,1 % Giáo dục (good, ≥ 95 %);
/// 92,3 % Văn hóa, 90 % Khoa học, 88 % Tài chính, 83,5 % Ban Quản lý (warning, ≥ 80 %);
/// 76,4 % Y tế, 61,2 % Xây dựng, 0 % Công Thương (bad); Dân tộc (no denominator) last.
const BEST_FIRST: [(&str, Option<&str>); 12] = [
    ("000.00.21.H40", Some(GOOD)),
    ("000.00.17.H40", Some(GOOD)),
    ("000.00.19.H40", Some(GOOD)),
    ("000.00.09.H40", Some(GOOD)),
    ("000.00.13.H40", Some(ORANGE)),
    ("000.00.11.H40", Some(ORANGE)),
    ("000.00.05.H40", Some(ORANGE)),
    ("000.00.40.H40", Some(ORANGE)),
    ("000.00.25.H40", Some(VERMILLION)),
    ("000.00.30.H40", Some(VERMILLION)),
    ("000.00.07.H40", None), // 0 %: no bar to draw
    ("000.00.45.H40", None), // no denominator: no bar
];

fn inside(r: &HitRegion, width: u32, height: u32) {
    assert!(r.w > 0.0 && r.h > 0.0, "empty region {r:?}");
    assert!(r.x >= 0.0 && r.y >= 0.0, "{r:?}");
    assert!(
        r.x + r.w <= f64::from(width) && r.y + r.h <= f64::from(height),
        "{r:?}"
    );
}

fn rate_of(id: &str) -> Option<f64> {
    rate_bars()
        .bars
        .into_iter()
        .find(|b| b.id == id)
        .unwrap()
        .rate
}

#[test]
fn one_region_per_agency_matching_its_drawn_bar_in_sorted_order() {
    let chart = charts::svg(&Spec::RateBars(rate_bars()), 640, 480).unwrap();
    assert_eq!(chart.width, 640);
    let ids: Vec<&str> = chart.regions.iter().map(|r| r.id.as_str()).collect();
    let expected: Vec<String> = BEST_FIRST
        .iter()
        .map(|(c, _)| format!("agency:{c}"))
        .collect();
    assert_eq!(ids, expected);

    let rects = rects(&chart.svg);
    let full = &chart.regions[0]; // 100 %: the full width of the scale
    for (region, (_, fill)) in chart.regions.iter().zip(BEST_FIRST) {
        inside(region, chart.width, chart.height);
        // Rows go down the chart in order.
        if let Some(fill) = fill {
            let drawn = rects.iter().filter(|(x, y, w, h, f)| {
                (*x, *y, *w, *h) == (region.x, region.y, region.w, region.h) && f == fill
            });
            assert_eq!(drawn.count(), 1, "no {fill} bar drawn at {region:?}");
            assert_eq!(region.x, full.x, "bars start at 0 %");
            let rate = rate_of(&region.id).unwrap();
            assert!(
                (region.w - rate * full.w).abs() <= 1.0,
                "{} for {rate}",
                region.w
            );
        }
    }
    for pair in chart.regions.windows(2) {
        assert!(pair[0].y + pair[0].h <= pair[1].y, "rows overlap: {pair:?}");
    }
}

#[test]
fn the_target_line_stands_at_95_percent() {
    let chart = charts::svg(&Spec::RateBars(rate_bars()), 640, 480).unwrap();
    let full = &chart.regions[0];
    let expected = full.x + 0.95 * full.w;
    let points = |e: &Element| -> Vec<(f64, f64)> {
        e.attr("points")
            .unwrap()
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    };
    // The legend's key is drawn in the same ink: the target line is the one across the rows.
    let lines: Vec<Vec<(f64, f64)>> = parse_svg(&chart.svg)
        .iter()
        .filter(|e| e.name == "polyline" && e.attr("stroke") == Some("#222222"))
        .map(points)
        .filter(|p| p.len() == 2 && p[1].1 - p[0].1 > 100.0)
        .collect();
    assert_eq!(lines.len(), 1, "one target line");
    let points = &lines[0];
    assert_eq!(points[0].0, points[1].0, "vertical");
    assert!(
        (points[0].0 - expected).abs() <= 1.0,
        "{} vs {expected}",
        points[0].0
    );
    // It spans every row.
    let last = chart.regions.last().unwrap();
    assert!(points[0].1 <= full.y && points[1].1 >= last.y + last.h);
}

#[test]
fn values_carry_their_denominator_and_a_missing_rate_is_a_dash() {
    let chart = charts::svg(&Spec::RateBars(rate_bars()), 640, 480).unwrap();
    let texts = shown(&chart.svg);
    for shown in [
        "92,3 % (1.204)",
        "100,0 % (412)",
        "98,7 % (3.211)",
        "0,0 % (3)",
        "—",
    ] {
        assert!(texts.iter().any(|t| t == shown), "{shown} not in {texts:?}");
    }
    assert!(
        !texts.iter().any(|t| t.contains("(0)")),
        "a missing rate shows no 0 %"
    );

    let none = chart.regions.last().unwrap();
    assert_eq!(none.label, "Sở Dân tộc và Tôn giáo");
    assert_eq!(
        none.tooltip,
        pairs(&[
            ("Tỉ lệ đúng hạn", "—"),
            ("Hồ sơ đã giải quyết", "0"),
            ("Trạng thái", "Chưa có hồ sơ"),
        ])
    );
    // Its region is the dash itself, in its row.
    let dash = charts_support::texts(&chart.svg)
        .into_iter()
        .find(|t| t.text.trim() == "—")
        .unwrap();
    assert!(none.x <= dash.num("x") && dash.num("x") < none.x + none.w);
    assert!(none.y <= dash.num("y") && dash.num("y") <= none.y + none.h);

    let vh = &chart.regions[4];
    assert_eq!(
        vh.tooltip[0],
        ("Tỉ lệ đúng hạn".to_string(), "92,3 %".to_string())
    );
    assert_eq!(
        vh.tooltip[1],
        ("Hồ sơ đã giải quyết".to_string(), "1.204".to_string())
    );
    assert_eq!(
        vh.tooltip[2],
        ("Trạng thái".to_string(), "Cần chú ý".to_string())
    );
}

#[test]
fn ascending_order_puts_the_worst_first_and_missing_rates_still_last() {
    let mut spec = rate_bars();
    spec.order = Order::Ascending;
    let chart = charts::svg(&Spec::RateBars(spec), 640, 480).unwrap();
    let ids: Vec<&str> = chart
        .regions
        .iter()
        .map(|r| r.id.trim_start_matches("agency:"))
        .collect();
    let mut expected: Vec<&str> = BEST_FIRST[..11].iter().rev().map(|(c, _)| *c).collect();
    expected.push("000.00.45.H40");
    assert_eq!(ids, expected);
}

/// Width of text in the bundled font at a CSS size, as a browser lays it out.
fn text_width(text: &str, px: f64) -> f64 {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ui/public/fonts/NotoSans-Regular.ttf"
    ))
    .unwrap();
    let font = FontRef::try_from_slice(&bytes).unwrap();
    let units = f64::from(font.units_per_em().unwrap());
    text.chars()
        .map(|c| f64::from(font.h_advance_unscaled(font.glyph_id(c))))
        .sum::<f64>()
        * px
        / units
}

#[test]
fn long_names_are_shortened_to_fit_before_the_bars_and_kept_whole_in_the_region() {
    for width in [640, 360] {
        let chart = charts::svg(&Spec::RateBars(rate_bars()), width, 480).unwrap();
        let bars_left = chart.regions[0].x;
        let labels: Vec<Element> = texts(&chart.svg)
            .into_iter()
            .filter(|t| t.attr("x") == Some("12") && t.attr("font-size") == Some("12.5"))
            .collect();
        assert_eq!(labels.len(), 12, "one label per row at {width}");
        for label in &labels {
            let text = label.text.trim();
            let right = 12.0 + text_width(text, 12.5);
            // The status mark (10 px) sits between a label and its bar, 6 px from the bar, 12 from the label.
            assert!(
                right <= bars_left - 10.0 - 18.0,
                "{text} ends at {right}, bars at {bars_left}"
            );
        }
        let long = "Ban Quản lý Khu kinh tế Đông Nam Nghệ An và các khu công nghiệp";
        let region = chart
            .regions
            .iter()
            .find(|r| r.id == "agency:000.00.40.H40")
            .unwrap();
        assert_eq!(region.label, long);
        let shown = labels
            .iter()
            .map(|l| l.text.trim())
            .find(|t| t.starts_with("Ban Quản lý"))
            .unwrap();
        assert!(shown.ends_with('…'), "{shown}");
        assert!(long.starts_with(shown.trim_end_matches('…')));
        assert!(
            labels.iter().any(|l| l.text.trim() == "Sở Tư pháp"),
            "short names stay whole"
        );
    }
}

#[test]
fn names_that_would_read_the_same_once_cut_keep_their_ends() {
    let mut spec = rate_bars();
    for (bar, commune) in
        spec.bars
            .iter_mut()
            .zip(["xã Diễn Châu", "xã Nam Đàn", "phường Vinh Lộc"])
    {
        bar.label = format!("Trung tâm Phục vụ hành chính công {commune}");
    }
    let chart = charts::svg(&Spec::RateBars(spec), 640, 480).unwrap();
    let shown: Vec<String> = texts(&chart.svg)
        .into_iter()
        .filter(|t| t.attr("x") == Some("12") && t.attr("font-size") == Some("12.5"))
        .map(|t| t.text.trim().to_owned())
        .collect();
    for commune in ["xã Diễn Châu", "xã Nam Đàn", "phường Vinh Lộc"] {
        assert!(
            shown
                .iter()
                .any(|l| l.starts_with('…') && l.ends_with(commune)),
            "{commune} in {shown:?}"
        );
    }
    // The others, unique once cut, keep their beginning.
    assert!(
        shown
            .iter()
            .any(|l| l.starts_with("Ban Quản lý") && l.ends_with('…')),
        "{shown:?}"
    );
}

#[test]
fn counts_are_sorted_largest_first_with_a_region_per_agency() {
    let chart = charts::svg(&Spec::CountBars(count_bars()), 640, 480).unwrap();
    // Counts by hand: Giáo dục 1.234, Ban Quản lý 250, Công Thương 88, Nông nghiệp 40, Nội vụ 19,
    // Văn hóa 12, Y tế 7, Dân tộc 5, Xây dựng 3, Khoa học 1, then the zeros by name.
    let expected = [
        "09", "40", "07", "17", "19", "13", "25", "45", "30", "11", "05", "21",
    ];
    let ids: Vec<String> = chart.regions.iter().map(|r| r.id.clone()).collect();
    let expected: Vec<String> = expected
        .iter()
        .map(|c| format!("agency:000.00.{c}.H40"))
        .collect();
    assert_eq!(ids, expected);
    let rects = rects(&chart.svg);
    let biggest = &chart.regions[0];
    // The axis runs to 1.500 (step 500): 1.234 fills 1234/1500 of it, 250 a sixth of that.
    for (region, count) in chart
        .regions
        .iter()
        .zip([1234.0, 250.0, 88.0, 40.0, 19.0, 12.0, 7.0, 5.0])
    {
        inside(region, chart.width, chart.height);
        assert!(rects.iter().any(|(x, y, w, h, f)| (*x, *y, *w, *h)
            == (region.x, region.y, region.w, region.h)
            && f == BLUE));
        assert!((region.w - biggest.w * count / 1234.0).abs() <= 1.0);
    }
    let texts = shown(&chart.svg);
    assert!(texts.contains(&"1.234".to_string()) && texts.contains(&"1.500".to_string()));
    assert_eq!(
        chart.regions[0].tooltip,
        vec![("Hồ sơ quá hạn".to_string(), "1.234".to_string())]
    );
    // A zero draws no bar; its region is its "0".
    let zero = chart.regions.last().unwrap();
    inside(zero, chart.width, chart.height);
    assert!(!rects.iter().any(|(x, y, ..)| (*x, *y) == (zero.x, zero.y)));
}

#[test]
fn a_long_list_grows_the_chart_instead_of_squeezing_rows() {
    let chart = charts::svg(&Spec::RateBars(many_rate_bars(150)), 900, 560).unwrap();
    assert_eq!(chart.regions.len(), 150);
    assert!(chart.height > 560);
    for r in &chart.regions {
        inside(r, chart.width, chart.height);
    }
    let rows: Vec<f64> = chart.regions.iter().map(|r| r.y).collect();
    assert!(
        rows.windows(2).all(|w| w[1] - w[0] >= 20.0),
        "rows at least 20 px apart"
    );
}

#[test]
fn bad_input_is_refused_with_a_message() {
    let mut spec = rate_bars();
    spec.bars[0].rate = Some(1.5);
    let err = charts::svg(&Spec::RateBars(spec), 640, 480).unwrap_err();
    assert!(matches!(err, ChartError::BadInput(_)), "{err}");
    assert!(err.to_string().contains("agency:000.00.13.H40"), "{err}");

    let mut spec = rate_bars();
    spec.thresholds = charts::Thresholds {
        good: 0.8,
        warning: 0.95,
    };
    let err = charts::svg(&Spec::RateBars(spec), 640, 480).unwrap_err();
    assert!(err.to_string().contains("settings"), "{err}");

    let err = charts::svg(&Spec::RateBars(rate_bars()), 200, 480).unwrap_err();
    assert!(
        matches!(
            err,
            ChartError::TooSmall {
                width: 200,
                height: 480
            }
        ),
        "{err}"
    );
}

#[test]
fn a_chart_serialises_for_the_ui() {
    let chart = charts::svg(&Spec::CountBars(count_bars()), 640, 480).unwrap();
    let json = serde_json::to_value(&chart).unwrap();
    assert_eq!(json["width"], 640);
    assert_eq!(json["regions"][0]["id"], "agency:000.00.09.H40");
    assert_eq!(json["regions"][0]["label"], "Sở Giáo dục và Đào tạo");
    assert_eq!(json["regions"][0]["tooltip"][0][1], "1.234");
    assert!(json["svg"].as_str().unwrap().starts_with("<svg"));
}

/// A chart drawn with its text apart is the same drawing without any `<text>`, and its labels
/// are the SVG's texts one for one: same words, point, size, weight, colour and anchor.
#[test]
fn text_drawn_apart_is_the_svgs_text_place_for_place() {
    let specs = [
        Spec::RateBars(rate_bars()),
        Spec::CountBars(count_bars()),
        Spec::Trend(trend()),
        Spec::Timeline(timeline()),
    ];
    for spec in &specs {
        let whole = charts::svg(spec, 720, 360).unwrap();
        let apart = charts::svg_text_apart(spec, 720, 360).unwrap();
        assert!(whole.labels.is_empty());
        assert!(!apart.svg.contains("<text"), "{}", apart.svg);
        assert_eq!(apart.regions, whole.regions);
        assert_eq!((apart.width, apart.height), (whole.width, whole.height));
        // Everything else is drawn the same, in the same order.
        let shapes = |svg: &str| -> Vec<String> {
            parse_svg(svg)
                .into_iter()
                .filter(|e| e.name != "text")
                .map(|e| format!("{} {:?}", e.name, e.attrs))
                .collect()
        };
        assert_eq!(shapes(&apart.svg), shapes(&whole.svg));
        let texts = texts(&whole.svg);
        assert!(texts.len() > 3, "{spec:?}");
        assert_eq!(apart.labels.len(), texts.len());
        for (label, text) in apart.labels.iter().zip(&texts) {
            assert_eq!(label.text, text.text.trim());
            assert_eq!(
                (label.x, label.y),
                (text.num("x"), text.num("y")),
                "{label:?}"
            );
            // The SVG backend writes plotters' size / 1.24 (see `canvas::svg`).
            assert!((label.px - text.num("font-size")).abs() < 1e-9, "{label:?}");
            assert_eq!(label.bold, text.attr("font-weight") == Some("bold"));
            assert_eq!(label.color, text.attr("fill").unwrap().to_lowercase());
            let anchor = match label.anchor {
                charts::Anchor::Left => "start",
                charts::Anchor::Center => "middle",
                charts::Anchor::Right => "end",
            };
            assert_eq!(text.attr("text-anchor"), Some(anchor), "{label:?}");
        }
    }
}

/// A few rows at their full height, and the chart ends under the last: no empty band.
#[test]
fn a_short_list_makes_a_chart_as_tall_as_its_rows() {
    for spec in [
        Spec::RateBars(many_rate_bars(2)),
        Spec::CountBars(many_count_bars(2)),
    ] {
        let chart = charts::svg(&spec, 900, 560).unwrap();
        let last = chart.regions.last().unwrap();
        let bottom = last.y + last.h;
        assert!(chart.height < 560, "{}", chart.height);
        // Under the last bar: its half of the row's padding and the chart's margin.
        assert!(
            f64::from(chart.height) - bottom < 40.0,
            "{} {bottom}",
            chart.height
        );
        // The rows kept their full height.
        let pitch = chart.regions[1].y - chart.regions[0].y;
        assert!((pitch - 40.0).abs() < 1e-9, "{pitch}");
    }
}

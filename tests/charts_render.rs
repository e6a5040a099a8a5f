//! Renders every chart kind to artifacts/charts/ as SVG, as the SVG painted by librsvg
//! (`*.svg.png`, what a browser shows) and as the export PNG (`*.export.png`), at the sizes the
//! UI uses. Look at the PNGs: nothing cut off, nothing overlapping, diacritics right.

mod charts_support;

use std::path::PathBuf;
use std::process::Command;

use charts_support::*;
use controlroom::charts::{self, Spec};

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts/charts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Paints the SVG with librsvg (Debian librsvg2-bin), else ImageMagick; `false` if neither is
/// installed, so that the check can say so instead of passing silently.
fn paint(svg: &PathBuf, png: &PathBuf) -> bool {
    let rsvg = Command::new("rsvg-convert")
        .arg("-o")
        .arg(png)
        .arg(svg)
        .status();
    if let Ok(s) = rsvg {
        assert!(s.success(), "rsvg-convert failed on {}", svg.display());
        return true;
    }
    match Command::new("/usr/bin/convert").arg(svg).arg(png).status() {
        Ok(s) => {
            assert!(s.success(), "convert failed on {}", svg.display());
            true
        }
        Err(_) => false,
    }
}

fn render(name: &str, spec: &Spec, width: u32, height: u32) {
    let chart = charts::svg(spec, width, height).unwrap();
    parse_svg(&chart.svg);
    assert_eq!(chart.width, width);
    assert!(chart.height >= 120, "{}", chart.height);
    assert!(chart.svg.contains(r#"font-family="Noto Sans""#));
    let dir = out_dir();
    let svg = dir.join(format!("{name}.svg"));
    std::fs::write(&svg, &chart.svg).unwrap();
    if !paint(&svg, &dir.join(format!("{name}.svg.png"))) {
        eprintln!(
            "neither rsvg-convert nor /usr/bin/convert is installed: no painted PNG of {name}"
        );
    }
    let png = charts::png(spec, width, height).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    std::fs::write(dir.join(format!("{name}.export.png")), png).unwrap();
}

#[test]
fn rate_bars_render() {
    let spec = Spec::RateBars(rate_bars());
    render("rate_bars_640x480", &spec, 640, 480);
    render("rate_bars_900x560", &spec, 900, 560);
    // Whole screens, as the wall display would use them.
    render("rate_bars_1366x768", &spec, 1366, 768);
    render("rate_bars_1920x1080", &spec, 1920, 1080);
    render(
        "rate_bars_150_agencies",
        &Spec::RateBars(many_rate_bars(150)),
        900,
        560,
    );
}

#[test]
fn count_bars_render() {
    render(
        "count_bars_640x480",
        &Spec::CountBars(count_bars()),
        640,
        480,
    );
    render(
        "count_bars_150_agencies",
        &Spec::CountBars(many_count_bars(150)),
        900,
        560,
    );
}

#[test]
fn trend_renders() {
    render("trend_640x360", &Spec::Trend(trend()), 640, 360);
    render("trend_1200x400", &Spec::Trend(trend()), 1200, 400);
    render("trend_1920x1080", &Spec::Trend(trend()), 1920, 1080);
}

#[test]
fn timeline_renders() {
    render("timeline_900x360", &Spec::Timeline(timeline()), 900, 360);
    render("timeline_640x300", &Spec::Timeline(timeline()), 640, 300);
    render("timeline_1366x768", &Spec::Timeline(timeline()), 1366, 768);
}

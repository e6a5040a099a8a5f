//! One palette: every colour the charts share with the UI is the same in `charts::theme` and in
//! `ui/src/theme.ts`, and the statuses stay apart for the common colour-vision deficiencies.

use controlroom::charts::theme::{Status, SHARED};
use plotters::style::RGBColor;

/// `name: "#rrggbb"` pairs of the `palette` object of theme.ts.
fn ui_palette() -> Vec<(String, String)> {
    let ts =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/theme.ts")).unwrap();
    let body = &ts[ts
        .find("export const palette = {")
        .expect("the palette object")..];
    let body = &body[..body.find("} as const").unwrap()];
    body.lines()
        .filter_map(|l| {
            let (name, rest) = l.trim().split_once(':')?;
            let hex = rest.split('"').nth(1)?;
            hex.starts_with('#')
                .then(|| (name.trim().to_string(), hex.to_lowercase()))
        })
        .collect()
}

fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[test]
fn the_ui_and_the_charts_share_one_palette() {
    let ui = ui_palette();
    assert!(ui.len() >= SHARED.len(), "{ui:?}");
    for (name, colour) in SHARED {
        let theirs = ui
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("theme.ts has no colour '{name}'"));
        assert_eq!(
            theirs.1,
            hex(colour),
            "'{name}' differs between theme.ts and charts/theme.rs"
        );
    }
    for (status, name) in [
        (Status::Good, "good"),
        (Status::Warning, "warning"),
        (Status::Bad, "bad"),
    ] {
        let shared = SHARED.iter().find(|(n, _)| *n == name).unwrap().1;
        assert_eq!(status.color(), shared, "the charts' {name}");
    }
}

/// Linear-light RGB of an sRGB colour.
fn linear(c: RGBColor) -> [f64; 3] {
    [c.0, c.1, c.2].map(|v| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    })
}

/// How a viewer with protanopia, deuteranopia or tritanopia sees a colour (Machado, Oliveira &
/// Fernandes 2009, full severity), in linear RGB.
const DICHROMATS: [(&str, [[f64; 3]; 3]); 3] = [
    (
        "protanopia",
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ],
    ),
    (
        "deuteranopia",
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ],
    ),
    (
        "tritanopia",
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ],
    ),
];

fn seen(c: RGBColor, m: &[[f64; 3]; 3]) -> [f64; 3] {
    let l = linear(c);
    m.map(|row| row.iter().zip(l).map(|(a, b)| a * b).sum())
}

fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// The statuses also carry an icon and a word; their colours must still differ to every eye
/// (a conventional green / amber / red comes to 0.065 for deuteranopia).
#[test]
fn good_warning_and_bad_stay_apart_for_colour_blind_viewers() {
    let statuses = [Status::Good, Status::Warning, Status::Bad].map(Status::color);
    for (who, m) in &DICHROMATS {
        for i in 0..3 {
            for j in i + 1..3 {
                let d = distance(seen(statuses[i], m), seen(statuses[j], m));
                assert!(
                    d > 0.15,
                    "{} and {} look alike with {who}: {d:.3}",
                    hex(statuses[i]),
                    hex(statuses[j])
                );
            }
        }
    }
}

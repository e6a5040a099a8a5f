//! `controlroom index766 --db PATH --from YYYY-MM-DD --to YYYY-MM-DD [--as-of YYYYMMDDHHMMSS]
//! [--json]`: the Decision-766 indicators of METRICS.md for the province and each agency, in
//! the shape of `kpi`.

use std::process::ExitCode;

use super::kpi::{count_vi, heading, lay_out, open, Opened, ReportArgs};
use crate::metrics::index766::{self, Index766Report, Indicators};

pub fn run(args: ReportArgs) -> ExitCode {
    let report = open(&args).and_then(
        |Opened {
             conn,
             cal,
             period,
             as_of,
         }| index766::compute(&conn, &cal, period, as_of).map_err(|e| e.to_string()),
    );
    match report {
        Ok(r) if args.json => match serde_json::to_string_pretty(&r) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => super::fail(format!("cannot write the indicators as JSON: {e}")),
        },
        Ok(r) => {
            print!("{}", table(&r));
            ExitCode::SUCCESS
        }
        Err(message) => super::fail(message),
    }
}

/// Points with one decimal, Vietnamese style (18,6), or a dash when there is no score.
pub fn points_vi(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| format!("{p:.1}").replace('.', ","))
}

/// A ratio with its numerator and denominator, then its points: "45/50 → 18,0".
fn cell(n: u64, d: u64, points: Option<f64>) -> String {
    format!("{}/{} → {}", count_vi(n), count_vi(d), points_vi(points))
}

fn line(name: &str, i: &Indicators) -> Vec<String> {
    let c = &i.counts;
    vec![
        name.to_owned(),
        cell(
            c.progress_numerator,
            c.progress_denominator,
            i.progress_points,
        ),
        cell(c.received_online, c.received, i.online_points),
        cell(c.payment_numerator, c.payment_denominator, i.payment_points),
        points_vi(i.satisfaction_points),
        format!(
            "{}/{}",
            points_vi(Some(i.points)),
            points_vi(Some(i.points_max))
        ),
    ]
}

/// The indicators as a plain-text table, one row per agency and a last row for the province.
pub fn table(r: &Index766Report) -> String {
    let mut rows = vec![[
        "Đơn vị",
        "Tiến độ giải quyết (20)",
        "Hồ sơ trực tuyến (6)",
        "Thanh toán trực tuyến (6)",
        "Mức độ hài lòng (6)",
        "Điểm",
    ]
    .map(str::to_owned)
    .to_vec()];
    rows.extend(r.agencies.iter().map(|g| line(&g.name, &g.indicators)));
    rows.push(line("Toàn tỉnh", &r.province));
    let mut out = heading(&r.period, r.calendar_note.as_deref());
    out.push_str(&lay_out(&rows));
    out.push_str(
        "Tiến độ = 20 × đúng hạn / (đã giải quyết + đang giải quyết), hồ sơ bổ sung từ 2 lần trở lên không tính đúng hạn; trực tuyến = min(6, 6 × tỷ lệ / 50%); thanh toán = 6 × đã thanh toán trực tuyến / có phí; hài lòng = 6 × (đúng hạn − không hài lòng) / (đã giải quyết + đang giải quyết) / 90%, từ 0 đến 6; — : chưa có mẫu số.\n",
    );
    out
}

//! The captions the screens put into their tiles and charts, one catalogue per language.

use serde::{Deserialize, Serialize};

use crate::charts::{CountText, RateText, TimelineText, TrendText};
use crate::model::Status;

/// The language of the captions: Vietnamese by default, English as a switch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// Every caption of the screens in one language.
pub struct Captions {
    pub received: &'static str,
    pub resolved: &'static str,
    pub on_time_rate: &'static str,
    pub pending: &'static str,
    pub pending_overdue: &'static str,
    pub pending_at_risk: &'static str,
    pub satisfaction_rate: &'static str,
    pub ratings: &'static str,
    pub target: &'static str,
    pub status: &'static str,
    pub good: &'static str,
    pub warning: &'static str,
    pub bad: &'static str,
    pub no_data: &'static str,
    pub on_time_by_agency: &'static str,
    pub overdue_by_agency: &'static str,
    pub weekly_trend: &'static str,
    pub satisfaction_by_agency: &'static str,
    pub on_time_by_procedure: &'static str,
    pub overdue_by_procedure: &'static str,
    pub on_time_by_unit: &'static str,
    pub timeline: &'static str,
    pub step: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub deadline: &'static str,
    pub late: &'static str,
    pub on_time: &'static str,
    pub in_progress: &'static str,
    pub due: &'static str,
    pub pause: &'static str,
    pub extension: &'static str,
    pub official: &'static str,
    pub department: &'static str,
    pub working_days_late: &'static str,
}

const VI: Captions = Captions {
    received: "Tiếp nhận",
    resolved: "Đã giải quyết",
    on_time_rate: "Tỉ lệ đúng hạn",
    pending: "Đang xử lý",
    pending_overdue: "Quá hạn đang xử lý",
    pending_at_risk: "Sắp đến hạn",
    satisfaction_rate: "Tỉ lệ hài lòng",
    ratings: "Lượt đánh giá",
    target: "Mục tiêu",
    status: "Trạng thái",
    good: "Đạt",
    warning: "Cần chú ý",
    bad: "Chưa đạt",
    no_data: "Chưa có hồ sơ",
    on_time_by_agency: "Tỉ lệ giải quyết đúng hạn theo đơn vị",
    overdue_by_agency: "Hồ sơ quá hạn đang xử lý theo đơn vị",
    weekly_trend: "Tiếp nhận, giải quyết và tỉ lệ đúng hạn theo tuần",
    satisfaction_by_agency: "Tỉ lệ hài lòng theo đơn vị",
    on_time_by_procedure: "Tỉ lệ đúng hạn theo thủ tục",
    overdue_by_procedure: "Hồ sơ quá hạn đang xử lý theo thủ tục",
    on_time_by_unit: "Tỉ lệ đúng hạn theo đơn vị thực hiện",
    timeline: "Quá trình xử lý hồ sơ",
    step: "Xử lý",
    start: "Bắt đầu",
    end: "Kết thúc",
    deadline: "Hạn của bước",
    late: "Trễ hạn",
    on_time: "Đúng hạn",
    in_progress: "Đang xử lý",
    due: "Hạn trả",
    pause: "Tạm dừng",
    extension: "Gia hạn",
    official: "Cán bộ",
    department: "Phòng ban",
    working_days_late: "Số ngày làm việc trễ",
};

const EN: Captions = Captions {
    received: "Received",
    resolved: "Resolved",
    on_time_rate: "On-time rate",
    pending: "Pending",
    pending_overdue: "Pending overdue",
    pending_at_risk: "Due soon",
    satisfaction_rate: "Satisfaction rate",
    ratings: "Ratings",
    target: "Target",
    status: "Status",
    good: "Met",
    warning: "Needs attention",
    bad: "Not met",
    no_data: "No dossiers yet",
    on_time_by_agency: "On-time rate by agency",
    overdue_by_agency: "Pending overdue dossiers by agency",
    weekly_trend: "Received, resolved and on-time rate by week",
    satisfaction_by_agency: "Satisfaction rate by agency",
    on_time_by_procedure: "On-time rate by procedure",
    overdue_by_procedure: "Pending overdue dossiers by procedure",
    on_time_by_unit: "On-time rate by handling agency",
    timeline: "How the dossier was handled",
    step: "Handling",
    start: "Start",
    end: "End",
    deadline: "Step deadline",
    late: "Late",
    on_time: "On time",
    in_progress: "In progress",
    due: "Due",
    pause: "Paused",
    extension: "Extension",
    official: "Official",
    department: "Department",
    working_days_late: "Working days late",
};

impl Lang {
    pub fn captions(self) -> &'static Captions {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// The name of a dossier status (`TrangThaiHoSo`).
    pub fn status(self, s: Status) -> &'static str {
        match self {
            Lang::Vi => s.label_vi(),
            Lang::En => match s {
                Status::Submitted => "Submitted",
                Status::Received => "Received",
                Status::Refused => "Refused at intake",
                Status::Processing => "Processing",
                Status::SupplementRequested => "Supplement requested",
                Status::WaitingFinancialObligation => "Waiting for financial obligations",
                Status::Withdrawn => "Withdrawn by the applicant",
                Status::Stopped => "Processing stopped",
                Status::Finished => "Finished",
                Status::Returned => "Result returned",
            },
        }
    }
}

impl Captions {
    pub fn rate_text(&self, title: &str, rate: &str, denominator: &str) -> RateText {
        RateText {
            title: title.to_owned(),
            rate: rate.to_owned(),
            denominator: denominator.to_owned(),
            target: self.target.to_owned(),
            status: self.status.to_owned(),
            good: self.good.to_owned(),
            warning: self.warning.to_owned(),
            bad: self.bad.to_owned(),
            no_data: self.no_data.to_owned(),
        }
    }

    pub fn count_text(&self, title: &str) -> CountText {
        CountText {
            title: title.to_owned(),
            count: self.pending_overdue.to_owned(),
        }
    }

    pub fn trend_text(&self) -> TrendText {
        TrendText {
            title: self.weekly_trend.to_owned(),
            received: self.received.to_owned(),
            resolved: self.resolved.to_owned(),
            on_time_rate: self.on_time_rate.to_owned(),
            target: self.target.to_owned(),
        }
    }

    pub fn timeline_text(&self) -> TimelineText {
        TimelineText {
            title: self.timeline.to_owned(),
            step: self.step.to_owned(),
            start: self.start.to_owned(),
            end: self.end.to_owned(),
            deadline: self.deadline.to_owned(),
            late: self.late.to_owned(),
            on_time: self.on_time.to_owned(),
            in_progress: self.in_progress.to_owned(),
            due: self.due.to_owned(),
            pause: self.pause.to_owned(),
            extension: self.extension.to_owned(),
            status: self.status.to_owned(),
        }
    }
}

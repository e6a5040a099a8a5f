// Every Vietnamese string of the interface. `en.ts` must have exactly the same shape.

export const vi = {
  lang: { name: "Tiếng Việt", short: "VI", switchTo: "Chuyển sang tiếng Việt" },
  app: {
    title: "Phòng điều hành",
    subtitle: "Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
    loading: "Đang tải dữ liệu…",
  },
  source: {
    label: "Nguồn dữ liệu",
    demo: "Dữ liệu mô phỏng",
    demoHint:
      "Chưa cấu hình máy chủ của Trung tâm: ứng dụng đang đồng bộ từ bộ mô phỏng chạy trên máy này.",
    live: "Máy chủ của Trung tâm",
    interval: (seconds: string) => `Đồng bộ tự động mỗi ${seconds} giây`,
  },
  sync: {
    lastSuccess: "Đồng bộ thành công gần nhất",
    never: "Chưa đồng bộ thành công lần nào",
    lastAttempt: (when: string) => `Lần thử gần nhất: ${when}`,
    stale: (intervals: string) =>
      `Dữ liệu đã cũ: quá ${intervals} chu kỳ đồng bộ chưa cập nhật được. Số liệu dưới đây vẫn là bản tốt gần nhất.`,
    state: "Tiến trình đồng bộ",
    idle: "Đang chờ lượt đồng bộ tiếp theo",
    running: "Đang đồng bộ",
    stage: {
      donvi: "Danh mục đơn vị",
      thutuc: "Danh mục thủ tục",
      lichlamviec: "Lịch làm việc",
      hoso: "Hồ sơ",
    } as Record<string, string>,
    pages: "Trang đã nhận",
    upserted: "Bản ghi đã ghi",
    quarantinedNow: "Bản ghi lỗi",
    position: "Đã cập nhật đến",
    syncNow: "Đồng bộ ngay",
    lastReport: (records: string, seconds: string) =>
      `Lượt gần nhất: ${records} bản ghi trong ${seconds} giây`,
  },
  age: {
    justNow: "vừa xong",
    minutes: (n: string) => `${n} phút trước`,
    hours: (h: string, m: string) => `${h} giờ ${m} phút trước`,
    days: (n: string) => `${n} ngày trước`,
  },
  cache: {
    dossiers: "Hồ sơ trong dữ liệu cục bộ",
    dossiersHint: "bản sao trên máy này",
    quarantined: "Bản ghi bị cách ly",
    quarantinedHint: "sai định dạng, giữ lại để kiểm tra",
    tombstones: (n: string) => `${n} hồ sơ đã bị xóa khỏi hệ thống`,
  },
  error: {
    title: "Lỗi đồng bộ gần nhất",
    unreachable: "Không gọi được ứng dụng",
    detail: "Chi tiết kỹ thuật",
    // What each stable error code means for the operator; the Rust message follows as detail.
    codes: {
      token: "Máy chủ của Trung tâm từ chối mã truy cập (token). Hãy đặt biến môi trường CONTROLROOM_TOKEN hoặc lưu mã hợp lệ vào kho bí mật của hệ điều hành.",
      sync: "Chưa đồng bộ được từ máy chủ. Ứng dụng sẽ tự thử lại ở lượt sau; số liệu hiện có vẫn dùng được.",
      cache: "Không đọc hoặc ghi được dữ liệu cục bộ trên máy.",
      settings: "Tệp cấu hình không hợp lệ; ứng dụng chưa thể bắt đầu đồng bộ.",
      simulator: "Không khởi động được bộ mô phỏng tích hợp.",
      internal: "Một tác vụ nền đã dừng bất thường; hãy khởi động lại ứng dụng.",
    } as Record<string, string>,
  },
  agencies: {
    title: "Số hồ sơ theo đơn vị",
    count: (n: string) => `${n} đơn vị`,
    empty: "Chưa có dữ liệu",
    level: {
      1: "Sở, ban, ngành",
      2: "Cơ quan ngành dọc",
      3: "Cấp xã",
      0: "Chưa có trong danh mục đơn vị",
    } as Record<number, string>,
    columns: { name: "Đơn vị", dossiers: "Hồ sơ" },
  },
  wall: {
    title: "Màn hình tổng hợp",
    coming: "Màn hình tường đang được xây dựng. Dữ liệu vẫn được đồng bộ bình thường.",
    records: "Hồ sơ đã đồng bộ",
  },
};

export type Catalogue = typeof vi;

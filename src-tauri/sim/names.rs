//! Fake but realistic personal data: Vietnamese names (with Nghệ An's common family names),
//! 12-digit citizen identity numbers of the province (code 040), mobile numbers, business names.

use rand::Rng;

/// Family names with their rough frequency in Nghệ An (per mille).
const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 330),
    ("Trần", 90),
    ("Lê", 90),
    ("Hoàng", 55),
    ("Phan", 55),
    ("Hồ", 50),
    ("Võ", 35),
    ("Đặng", 30),
    ("Bùi", 25),
    ("Đỗ", 20),
    ("Thái", 25),
    ("Đinh", 20),
    ("Ngô", 20),
    ("Dương", 15),
    ("Cao", 15),
    ("Đậu", 15),
    ("Chu", 12),
    ("Lương", 12),
    ("Lô", 10),
    ("Vi", 8),
    ("Lang", 8),
    ("Vũ", 20),
    ("Phạm", 45),
];

const MIDDLE_MALE: &[&str] = &[
    "Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Công", "Đình", "Trọng", "Anh",
];
const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Phương", "Khánh", "Mai",
];
const GIVEN_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh",
    "Long", "Lộc", "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành",
    "Tiến", "Toàn", "Trung", "Tuấn", "Vinh", "Việt",
];
const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng", "Huyền", "Lan",
    "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo",
    "Thủy", "Trang", "Uyên", "Vân", "Yến",
];

const COMPANY_KIND: &[&str] = &[
    "Công ty TNHH",
    "Công ty TNHH MTV",
    "Công ty Cổ phần",
    "Doanh nghiệp tư nhân",
    "Hợp tác xã",
];
const COMPANY_TRADE: &[&str] = &[
    "Thương mại",
    "Xây dựng",
    "Đầu tư và Phát triển",
    "Vận tải",
    "Dịch vụ",
    "Nông sản",
    "Du lịch",
    "Dược phẩm",
    "Thực phẩm",
    "Vật liệu xây dựng",
];
const COMPANY_NAME: &[&str] = &[
    "Hồng Lam",
    "Sông Lam",
    "Bắc Miền Trung",
    "Hoàng Long",
    "Phú Thành",
    "Thành Vinh",
    "Trường An",
    "Cửa Lò",
    "Hưng Phát",
    "Nghệ Tĩnh",
    "Kim Liên",
    "Đại Phát",
    "Tân Kỳ",
    "Thanh Hà",
    "An Phúc",
];

fn pick<'a, R: Rng>(rng: &mut R, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// A person's full name; `female` picks the middle and given names.
pub fn person<R: Rng>(rng: &mut R, female: bool) -> String {
    let total: u32 = FAMILY.iter().map(|f| f.1).sum();
    let mut x = rng.random_range(0..total);
    let family = FAMILY
        .iter()
        .find(|f| {
            if x < f.1 {
                true
            } else {
                x -= f.1;
                false
            }
        })
        .map(|f| f.0)
        .unwrap_or("Nguyễn");
    let (middle, given) = if female {
        (pick(rng, MIDDLE_FEMALE), pick(rng, GIVEN_FEMALE))
    } else {
        (pick(rng, MIDDLE_MALE), pick(rng, GIVEN_MALE))
    };
    format!("{family} {middle} {given}")
}

/// A 12-digit citizen identity number issued in Nghệ An: province 040, a digit for century and
/// sex, two digits of the birth year, six random digits.
pub fn cccd<R: Rng>(rng: &mut R, female: bool, birth_year: i32) -> String {
    let century = if birth_year >= 2000 { 2 } else { 0 } + u32::from(female);
    format!(
        "040{}{:02}{:06}",
        century,
        birth_year % 100,
        rng.random_range(0..1_000_000)
    )
}

/// A 10-digit Vietnamese mobile number.
pub fn phone<R: Rng>(rng: &mut R) -> String {
    const PREFIX: &[&str] = &[
        "091", "094", "088", "098", "097", "096", "086", "035", "036", "038", "039", "083", "084",
        "070", "077",
    ];
    format!(
        "{}{:07}",
        pick(rng, PREFIX),
        rng.random_range(0..10_000_000)
    )
}

/// A business (name, 10-digit tax code).
pub fn business<R: Rng>(rng: &mut R) -> (String, String) {
    let name = format!(
        "{} {} {}",
        pick(rng, COMPANY_KIND),
        pick(rng, COMPANY_TRADE),
        pick(rng, COMPANY_NAME)
    );
    (name, format!("29{:08}", rng.random_range(0..100_000_000)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn identity_numbers_have_twelve_digits_and_the_province_code() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(1);
        for _ in 0..100 {
            let n = cccd(&mut rng, true, 1987);
            assert_eq!(n.len(), 12);
            assert!(n.starts_with("040187"), "{n}");
            assert!(n.bytes().all(|b| b.is_ascii_digit()));
            let p = phone(&mut rng);
            assert_eq!(p.len(), 10);
            assert!(p.starts_with('0'));
            assert_eq!(person(&mut rng, false).split(' ').count(), 3);
        }
    }
}

//! Time as the service writes it: milliseconds, and the `create_dt` date string.

use std::time::SystemTime;

use opentok_core::clock::unix_millis;

/// Milliseconds since the Unix epoch.
pub(crate) fn millis(t: SystemTime) -> u64 {
    unix_millis(t)
}

/// `Mon Mar 17 07:41:31 UTC 2014`, the shape of the service's `create_dt`.
pub(crate) fn create_dt(t: SystemTime) -> String {
    let secs = unix_millis(t) / 1000;
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MO: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let wd = WD
        .get(usize::try_from(days.rem_euclid(7)).unwrap_or(0))
        .unwrap_or(&"Thu");
    let mo = MO
        .get(usize::try_from(m.saturating_sub(1)).unwrap_or(0))
        .unwrap_or(&"Jan");
    format!(
        "{wd} {mo} {d:02} {:02}:{:02}:{:02} UTC {y}",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (y, u32::try_from(m).unwrap_or(1), u32::try_from(d).unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentok_core::clock::from_unix_secs;

    #[test]
    fn formats_known_dates() {
        // 2014-03-17 07:41:31 UTC was a Monday.
        assert_eq!(
            create_dt(from_unix_secs(1_395_042_091)),
            "Mon Mar 17 07:41:31 UTC 2014"
        );
        assert_eq!(create_dt(from_unix_secs(0)), "Thu Jan 01 00:00:00 UTC 1970");
        assert_eq!(
            create_dt(from_unix_secs(951_782_400)),
            "Tue Feb 29 00:00:00 UTC 2000"
        );
    }
}

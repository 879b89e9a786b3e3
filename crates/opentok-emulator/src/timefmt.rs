//! Time as the service writes it: milliseconds, and the `create_dt` date string (the
//! calendar from the `time` crate).

use std::time::SystemTime;

use opentok_core::clock::unix_millis;
use time::OffsetDateTime;

/// Milliseconds since the Unix epoch.
pub(crate) fn millis(t: SystemTime) -> u64 {
    unix_millis(t)
}

/// `Mon Mar 17 07:41:31 UTC 2014`, the shape of the service's `create_dt`.
pub(crate) fn create_dt(t: SystemTime) -> String {
    let secs = i64::try_from(unix_millis(t) / 1000).unwrap_or(0);
    let dt = OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    // The service's three-letter names, without writing the `time` crate's long ones first.
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let wd = DAYS[usize::from(dt.weekday().number_days_from_monday())];
    let mo = MONTHS[usize::from(u8::from(dt.month()) - 1)];
    format!(
        "{wd} {mo} {:02} {:02}:{:02}:{:02} UTC {}",
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.year()
    )
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

//! Which monitor the citizen's screen (the rating window) goes to. A counter often has a
//! second monitor turned towards the citizen: the window belongs there, not over the
//! clerk's work. The desktop shell measures the monitors and moves the window; the rule is
//! here, where it can be tested without a window.

/// A monitor's or a window's place on the desktop, in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// Where the citizen's window goes: a monitor other than the clerk's (the largest, if there
/// are several), when the window came up on the clerk's monitor. `None` leaves it where it
/// is: there is one monitor, or it is already on another one (where someone put it before:
/// the window's place is remembered across starts).
pub fn citizens_monitor(clerks: Area, window_on: Option<Area>, monitors: &[Area]) -> Option<Area> {
    if window_on.is_some_and(|m| m != clerks) {
        return None;
    }
    monitors.iter().filter(|m| **m != clerks).max_by_key(|m| u64::from(m.width) * u64::from(m.height)).copied()
}

#[cfg(test)]
mod tests {
    use super::{Area, citizens_monitor};

    const CLERKS: Area = Area { x: 0, y: 0, width: 1920, height: 1080 };
    const SMALL: Area = Area { x: 1920, y: 0, width: 1024, height: 768 };
    const BIG: Area = Area { x: -1600, y: 0, width: 1600, height: 900 };

    #[test]
    fn one_monitor_leaves_the_window_where_it_is() {
        assert_eq!(citizens_monitor(CLERKS, Some(CLERKS), &[CLERKS]), None);
        assert_eq!(citizens_monitor(CLERKS, None, &[CLERKS]), None);
    }

    #[test]
    fn on_the_clerks_monitor_it_moves_to_the_other_one() {
        assert_eq!(citizens_monitor(CLERKS, Some(CLERKS), &[CLERKS, SMALL]), Some(SMALL));
        assert_eq!(citizens_monitor(CLERKS, None, &[SMALL, CLERKS]), Some(SMALL), "monitor unknown: as on the clerk's");
        assert_eq!(citizens_monitor(CLERKS, Some(CLERKS), &[CLERKS, SMALL, BIG]), Some(BIG), "the largest other");
    }

    #[test]
    fn a_window_already_on_another_monitor_stays() {
        assert_eq!(citizens_monitor(CLERKS, Some(SMALL), &[CLERKS, SMALL, BIG]), None);
    }
}

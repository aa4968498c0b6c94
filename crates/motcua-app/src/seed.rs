//! Reference data shipped with the app, loaded at first run so a new office can work offline
//! at once. The city server will push newer versions later.

use motcua_domain::calendar::CalendarExceptions;
use motcua_domain::catalog::Catalog;

use crate::AppError;

const CATALOG_JSON: &str = include_str!("../../../assets/catalog/procedures.json");

const CALENDAR_FILES: &[&str] = &[
    include_str!("../../../assets/calendar/2025.json"),
    include_str!("../../../assets/calendar/2026.json"),
    include_str!("../../../assets/calendar/2027.json"),
];

pub(crate) fn bundled_catalog() -> Result<Catalog, AppError> {
    Catalog::from_json(CATALOG_JSON).map_err(|e| AppError::Catalog(e.to_string()))
}

pub(crate) fn bundled_calendar_exceptions() -> Result<Vec<CalendarExceptions>, AppError> {
    CALENDAR_FILES
        .iter()
        .map(|json| {
            CalendarExceptions::from_json(json).map_err(|e| AppError::Catalog(format!("lịch nghỉ kèm theo: {e}")))
        })
        .collect()
}

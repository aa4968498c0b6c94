//! Tests of `motcua_domain::cccd`.

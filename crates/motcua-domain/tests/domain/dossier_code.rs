//! Tests of `motcua_domain::dossier_code`.

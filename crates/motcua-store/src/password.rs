//! Passwords: argon2id hashes in PHC string form; the password itself is never stored or logged.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_only_the_right_password() {
        let hash = hash_password("Mật khẩu 123").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Mật khẩu 123", &hash));
        assert!(!verify_password("mật khẩu 123", &hash));
        assert!(!verify_password("x", "not a hash"));
    }
}

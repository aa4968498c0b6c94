//! Embeds the hall display's sound clips (`assets/sounds/*.wav`) so the hub serves them with
//! nothing to install beside its binary.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/sounds");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("assets/sounds")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".wav"))
        .collect();
    names.sort();
    let mut out =
        String::from("/// (file name, WAV bytes), sorted by name.\npub static SOUNDS: &[(&str, &[u8])] = &[\n");
    for name in names {
        let path = dir.join(&name).canonicalize().expect("clip path");
        writeln!(out, "    ({name:?}, include_bytes!({:?})),", path.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("sounds.rs");
    std::fs::write(dest, out).expect("write sounds.rs");
}

fn main() {
    // tauri.conf.json and capabilities/ sit next to this file.
    tauri_build::build();
}

import { defineConfig } from "vite";

// Tauri v2 shell loads ui/dist (frontendDist "ui/dist").
// JSX is compiled by Vite's built-in Oxc transform; the automatic runtime
// with Preact is set explicitly so it never depends on tsconfig discovery.
export default defineConfig({
  base: "./",
  clearScreen: false,
  oxc: {
    jsx: {
      runtime: "automatic",
      importSource: "preact",
    },
  },
  server: {
    port: 1420,
    strictPort: true,
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    sourcemap: false,
  },
});

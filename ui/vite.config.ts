import { defineConfig } from "vite";

// The webview loads only what is bundled here (strict CSP, no remote content).
export default defineConfig({
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // Fonts stay files (font-src 'self'); no data: URLs for them.
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: true },
});

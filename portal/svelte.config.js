import adapter from "@sveltejs/adapter-node";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: "build", precompress: true }),
    alias: { $messages: "messages" },
    // resolve() from $app/paths returns root-relative paths ("/mijn", or "<base>/mijn" once a base
    // is configured) on the server too, so that the same call works in links and in redirects.
    paths: { relative: false },
  },
};

export default config;

// Builds DKFDS' stylesheet from its own SCSS (node_modules/dkfds/dist/scss/dkfds.scss, the neutral
// theme) with one partial swapped: core/fonts becomes assets/scss/_fonts.scss, which declares the
// Latin-1 subset faces instead of the complete ones. Run by `make assets`; the output
// (assets/build/dkfds/css/dkfds.min.css) is ignored by git and collected by collectstatic as
// static/dkfds/css/dkfds.min.css, next to DKFDS' own img/ and fonts/ (config/settings.py).
//
// The swap is a Sass importer (the documented JS API): DKFDS' files are loaded under the URL scheme
// "dkfds:", so Sass hands every @use inside them to this importer, which resolves them the way
// Sass does on disk and returns Stemme's fonts partial for core/fonts. That partial keeps the
// canonical URL of the file it replaces, so its own @use "../variables" resolves inside DKFDS.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const scss = join(root, "node_modules", "dkfds", "dist", "scss");
const replaced = { "/core/_fonts.scss": join(root, "assets", "scss", "_fonts.scss") };
const output = join(root, "assets", "build", "dkfds", "css", "dkfds.min.css");

// Sass' rules for a load without an extension: file.scss, _file.scss, then file/_index.scss.
function onDisk(path) {
  const base = path.split("/").pop();
  const dir = path.slice(0, path.length - base.length);
  const candidates = path.endsWith(".scss") ? [path, `${dir}_${base}`]
    : [`${path}.scss`, `${dir}_${base}.scss`, `${path}/_index.scss`, `${path}/index.scss`];
  return candidates.find((candidate) => existsSync(join(scss, candidate)));
}

const dkfdsImporter = {
  canonicalize(url) {
    if (!url.startsWith("dkfds:")) return null;
    const found = onDisk(new URL(url).pathname.replace(/\/$/, ""));
    return found ? new URL(`dkfds:${found}`) : null;
  },
  load(canonicalUrl) {
    const path = canonicalUrl.pathname;
    return { contents: readFileSync(replaced[path] ?? join(scss, path), "utf8"), syntax: "scss" };
  },
};

const result = sass.compileString('@use "dkfds:/dkfds";', {
  importers: [dkfdsImporter],
  style: "compressed",
  quietDeps: true,
  logger: sass.Logger.silent,
});
if (!result.css.includes("-Latin1.woff2") || result.css.includes("complete/")) {
  throw new Error("the fonts partial was not swapped: DKFDS' SCSS layout may have changed");
}
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, result.css + "\n");
console.log(`DKFDS with Latin-1 fonts: ${output.slice(root.length + 1)} (${result.css.length} bytes)`);

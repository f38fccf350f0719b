// Builds Vigil's front-end into vigil/web/static/dist/ (git-ignored):
//   vigil.css                 GOV.UK Frontend + our styles, compiled from vigil.scss
//   govuk-frontend.min.js     GOV.UK Frontend's ES module
// GOV.UK's own assets (crown, crest, icons, the GDS Transport fonts) are not shipped: only
// GOV.UK may use them.
// Idempotent: files are only rewritten when their content changes. Run with `npm run build`.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
const dist = join(root, "vigil/web/static/dist");

let changed = 0;

function write(path, content) {
  if (existsSync(path) && readFileSync(path).equals(Buffer.from(content))) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  changed += 1;
  console.log(`wrote ${relative(root, path)}`);
}

// Django's manifest storage follows sourceMappingURL comments and fails when the map is
// absent: we ship no source maps, so the comment goes too.
function withoutSourceMap(text) {
  return text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
}

function compileCss() {
  const result = sass.compile(join(here, "vigil.scss"), {
    style: "compressed",
    sourceMap: false,
    importers: [new sass.NodePackageImporter(root)],
    // GOV.UK Frontend's own deprecation notices are not ours to fix.
    quietDeps: true,
  });
  // The footer's crest rule is GOV.UK's alone; this service shows no crown, and ships none.
  const css = result.css.replaceAll(/url\(["']?[^"')]*govuk-crest[^"')]*["']?\)/g, "none");
  if (css.includes("GDS Transport")) {
    throw new Error("vigil.css mentions GDS Transport: only GOV.UK may use that typeface.");
  }
  for (const [, url] of css.matchAll(/url\(["']?([^"')]+)["']?\)/g)) {
    if (url.startsWith("data:")) continue;
    const file = join(dist, url.replace(/^\/static\/dist\//, ""));
    if (!url.startsWith("/static/dist/") || !existsSync(file)) {
      throw new Error(`vigil.css refers to ${url}, which the build does not provide.`);
    }
  }
  write(join(dist, "vigil.css"), css + "\n");
}

// GOV.UK's assets (the crown, the crest, GOV.UK's icons and the GDS Transport fonts) belong to
// GOV.UK: none are shipped, and any from an older build are removed.
rmSync(join(dist, "assets"), { recursive: true, force: true });
write(
  join(dist, "govuk-frontend.min.js"),
  withoutSourceMap(readFileSync(join(govuk, "govuk-frontend.min.js"), "utf8")),
);
compileCss();
console.log(changed ? `built ${changed} file(s) into ${relative(root, dist)}` : "up to date");

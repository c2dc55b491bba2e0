#!/usr/bin/env bash
# The plugins as another team gets them: packs each workspace into its npm tarball (prepack builds
# it), creates a fresh Strapi app with create-strapi-app, installs the tarballs into it and runs the
# smoke checks (smoke.js) against `strapi start`. Three apps: one with every plugin, one with the
# password policy and the only plugin it declares as a peer, the rate limiter, and one with
# signup-verification and its required peers but not its optional partner, the newsletter.
# All three run on the Strapi version this repository runs, and again on the newest 5.x that
# installs completely from the registry, when that is a newer one.
# Run from the repository root after `npm ci`; CI calls it from .ci/run. Needs the npm registry only.
#   bash scripts/fresh-app/run.sh [work dir]      (default: a new temporary folder)
# CI gives none: every run creates its apps anew.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

# The one place the Strapi version comes from: the @strapi/strapi this repository installs (its
# package.json pins it). The fresh apps are created with it, and with a newer complete 5.x if any.
PINNED=$(node -p "require('@strapi/strapi/package.json').version")
# Packages a Strapi app installs at its own version: a version lacking one does not install.
CORE_PACKAGES=(@strapi/strapi @strapi/core @strapi/admin @strapi/content-manager @strapi/content-type-builder
  @strapi/upload @strapi/i18n @strapi/email @strapi/plugin-users-permissions @strapi/database @strapi/utils
  @strapi/provider-email-nodemailer create-strapi-app)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
export STRAPI_TELEMETRY_DISABLED=true
started=$(date +%s)
elapsed() { echo "$(( $(date +%s) - started )) s"; }

echo "-- packing the plugins (npm pack runs each package's prepack: strapi-plugin build)"
rm -rf "$work/tarballs" && mkdir -p "$work/tarballs"
npm pack --workspaces --pack-destination "$work/tarballs" --silent >/dev/null
for tarball in "$work"/tarballs/*.tgz; do
  echo "$(basename "$tarball"): $(stat -c %s "$tarball") bytes, $(tar -tzf "$tarball" | wc -l) files"
done
for dir in src/plugins/*/; do
  verified=$(cd "$dir" && npx --no-install strapi-plugin verify 2>&1) || { echo "$verified"; echo "strapi-plugin verify failed in $dir"; exit 1; }
  echo "strapi-plugin verify in $dir: $(echo "$verified" | sed 's/\x1b\[[0-9;]*m//g' | grep -v '^\s*$' | tr '\n' ' ')"
done
echo "packed and verified ($(elapsed))"
tarball() { ls "$work"/tarballs/newsreel-strapi-plugin-"$1"-*.tgz; }

# The newest 5.x above the pinned one for which every core package exists, or nothing.
newest_complete() {
  local version missing
  for version in $(npm view @strapi/strapi versions --json | node -e '
    const semver = require("semver");
    const all = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(all.filter((v) => semver.major(v) === 5 && !semver.prerelease(v) && semver.gt(v, process.argv[1])).sort(semver.rcompare).join(" "));
  ' "$PINNED"); do
    missing=""
    for package in "${CORE_PACKAGES[@]}"; do
      [ -n "$(npm view "$package@$version" version 2>/dev/null)" ] || { missing=$package; break; }
    done
    if [ -z "$missing" ]; then echo "$version"; return; fi
    echo "Strapi $version does not install completely from the registry ($missing@$version is missing)" >&2
  done
}

# install <version> <app> <config/plugins.*.ts> <tarballs and packages...>: npm install, then the
# config the plugins' READMEs ask for (plugins, middlewares, French in the admin), then the admin build.
install() {
  local version=$1 name=$2 plugins_config=$3
  local app="$work/$version/$name"
  shift 3
  (cd "$app" && npm install --no-audit --no-fund --silent "$@" >"$app/install.log" 2>&1) || { tail -40 "$app/install.log"; exit 1; }
  # What create-strapi-app wrote stays in force (e.g. users-permissions' refresh sessions); the
  # plugins' entries are added to it.
  mkdir -p "$app/config/parts"
  mv "$app/config/plugins.ts" "$app/config/parts/stock-plugins.ts"
  cp "$repo/scripts/fresh-app/config/common.ts" "$app/config/parts/common.ts"
  cp "$repo/scripts/fresh-app/config/$plugins_config" "$app/config/plugins.ts"
  cp "$repo/scripts/fresh-app/config/middlewares.ts" "$app/config/middlewares.ts"
  cp "$repo/scripts/fresh-app/config/admin-app.tsx" "$app/src/admin/app.tsx"
  (cd "$app" && npx --no-install strapi build >"$app/build.log" 2>&1) || { tail -40 "$app/build.log"; exit 1; }
  echo "$name on Strapi $version: installed and built ($(elapsed))"
}

# run_on <version>: the three apps on that Strapi version.
run_on() {
  local version=$1
  # The created app is kept in the work dir: a second run there (while working on this script) copies it.
  local pristine="$work/$version/pristine"
  mkdir -p "$work/$version"
  if [ ! -f "$pristine/package.json" ]; then
    echo "-- creating a fresh Strapi $version app (create-strapi-app, TypeScript, SQLite)"
    (cd "$work/$version" && npx --yes "create-strapi-app@$version" pristine --skip-cloud --no-example --ts \
      --use-npm --install --no-git-init --skip-db --no-run >"$work/$version/create.log" 2>&1) || { tail -40 "$work/$version/create.log"; exit 1; }
    echo "created ($(elapsed))"
  else
    echo "-- reusing the fresh Strapi $version app created earlier in $work/$version"
  fi
  for app in all password-policy signup; do
    rm -rf "${work:?}/$version/$app"
    cp -a "$pristine" "$work/$version/$app"
  done

  echo "-- app 'all': every plugin"
  install "$version" all plugins.all.ts \
    "$(tarball rate-limit)" "$(tarball password-policy)" "$(tarball mail-outbox)" \
    "$(tarball signup-verification)" "$(tarball newsletter)" "$(tarball video-masters)" \
    "@strapi/provider-email-nodemailer@$version"
  node "$repo/scripts/fresh-app/smoke.js" --app "$work/$version/all" --plugins all

  echo "-- app 'password-policy': the password policy and its peer, the rate limiter"
  install "$version" password-policy plugins.password-policy.ts "$(tarball rate-limit)" "$(tarball password-policy)"
  node "$repo/scripts/fresh-app/smoke.js" --app "$work/$version/password-policy" --plugins password-policy

  echo "-- app 'signup': signup-verification and its required peers, no config for them, without the newsletter"
  install "$version" signup plugins.signup.ts "$(tarball rate-limit)" "$(tarball password-policy)" "$(tarball mail-outbox)" \
    "$(tarball signup-verification)" "@strapi/provider-email-nodemailer@$version"
  node "$repo/scripts/fresh-app/smoke.js" --app "$work/$version/signup" --plugins signup
}

newer=$(newest_complete)
run_on "$PINNED"
if [ -n "$newer" ]; then
  echo "-- Strapi $newer is newer than $PINNED and installs completely: the same apps on it"
  run_on "$newer"
else
  echo "-- no 5.x newer than $PINNED installs completely from the registry: only $PINNED was tried"
fi

echo "fresh apps: passed in $(elapsed)"

#!/usr/bin/env bash
# The plugins as another team gets them: packs each workspace into its npm tarball (prepack builds
# it), creates a fresh Strapi app with create-strapi-app, installs the tarballs into it and runs the
# smoke checks (smoke.js) against `strapi start`. Three apps: one with every plugin, one with the
# password policy and the only plugin it declares as a peer, the rate limiter, and one with
# signup-verification and its required peers but not its optional partner, the newsletter.
# Run from the repository root after `npm ci`; CI calls it from .ci/run. Needs the npm registry only.
#   bash scripts/fresh-app/run.sh [work dir]      (default: a new temporary folder)
# CI gives none: every run creates its apps anew.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

# The Strapi version the fresh apps are created with: the one the bundle is built and tested on.
STRAPI_VERSION=$(node -p "require('@strapi/strapi/package.json').version")
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
done
echo "strapi-plugin verify: all $(ls -d src/plugins/*/ | wc -l) packages pass ($(elapsed))"
tarball() { ls "$work"/tarballs/newsreel-strapi-plugin-"$1"-*.tgz; }

# The created app is kept in the work dir: a second run there (while working on this script) copies it.
pristine="$work/pristine-$STRAPI_VERSION"
if [ ! -f "$pristine/package.json" ]; then
  echo "-- creating a fresh Strapi $STRAPI_VERSION app (create-strapi-app, TypeScript, SQLite)"
  rm -rf "$pristine"
  (cd "$work" && npx --yes "create-strapi-app@$STRAPI_VERSION" "$(basename "$pristine")" --skip-cloud --no-example --ts \
    --use-npm --install --no-git-init --skip-db --no-run >"$work/create.log" 2>&1) || { tail -40 "$work/create.log"; exit 1; }
  echo "created ($(elapsed))"
else
  echo "-- reusing the fresh Strapi $STRAPI_VERSION app created earlier in $work"
fi
for app in all password-policy signup; do
  rm -rf "${work:?}/$app"
  cp -a "$pristine" "$work/$app"
done

# install <app> <config/plugins.*.ts> <tarballs and packages...>: npm install, then the config the
# plugins' READMEs ask for (plugins, middlewares), then the admin build.
install() {
  local name=$1 app="$work/$1" plugins_config=$2
  shift 2
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
  echo "$name: installed and built ($(elapsed))"
}

echo "-- app 'all': every plugin"
install all plugins.all.ts \
  "$(tarball rate-limit)" "$(tarball password-policy)" "$(tarball mail-outbox)" \
  "$(tarball signup-verification)" "$(tarball newsletter)" "$(tarball video-masters)" \
  "@strapi/provider-email-nodemailer@$STRAPI_VERSION"
node "$repo/scripts/fresh-app/smoke.js" --app "$work/all" --plugins all

echo "-- app 'password-policy': the password policy and its peer, the rate limiter"
install password-policy plugins.password-policy.ts "$(tarball rate-limit)" "$(tarball password-policy)"
node "$repo/scripts/fresh-app/smoke.js" --app "$work/password-policy" --plugins password-policy

echo "-- app 'signup': signup-verification and its required peers, without its optional partner, the newsletter"
install signup plugins.signup.ts "$(tarball rate-limit)" "$(tarball password-policy)" "$(tarball mail-outbox)" \
  "$(tarball signup-verification)" "@strapi/provider-email-nodemailer@$STRAPI_VERSION"
node "$repo/scripts/fresh-app/smoke.js" --app "$work/signup" --plugins signup

echo "fresh apps: passed in $(elapsed)"

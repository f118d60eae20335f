#!/usr/bin/env bash
# The README's quick start on a fresh, minimal Debian 12: a `debootstrap --variant=minbase
# bookworm` tree, the checkout copied in (tracked and new files, no build output), and one of the
# README's commands run inside it as root with a clean environment. Nothing from this machine
# reaches the tree but its apt sources and resolver, so a package the scripts forget to install
# fails here, as it would for a new user.
#   tests/fresh_root/run.sh [demo]   bash scripts/demo.sh, then checks it printed real timings,
#                                    a cold build of misses and a warm build of hits only
#   tests/fresh_root/run.sh test     bash scripts/test.sh with CI=true (a long run, by hand)
# The tree lives in build/fresh-root/ and is made anew each run; debootstrap's download is kept
# there as a tarball and reused. Every mount is made in a private mount and PID namespace, so
# it goes, with every process the run started, when the run ends.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-demo}
case "$mode" in
    demo) command=(bash scripts/demo.sh) ;;
    test) command=(bash scripts/test.sh) ;;
    *) echo "usage: $0 [demo|test]" >&2; exit 2 ;;
esac
if [ "$(id -u)" != 0 ]; then
    echo "fresh-root check: needs root (debootstrap, chroot, mounts)" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77  # skipped
fi
if [ -e /etc/zccache-fresh-root ]; then
    echo "fresh-root check: this already is the fresh tree (tests/fresh_root/run.sh test)"
    exit 77  # skipped: the outer run checks the demo
fi
command -v debootstrap >/dev/null || bash scripts/install-deps.sh test

work=$PWD/build/fresh-root
tree=$work/tree
tarball=$work/bookworm-minbase.tgz
mkdir -p "$work"
# The same Debian mirror this machine's apt uses (deb822 or one-line sources), else debootstrap's.
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb  *\(\[[^]]*\]  *\)\{0,1\}\([^ ]*\)  *bookworm .*/\2/p' \
    /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -v security | head -1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

start=$(date +%s)
if [ ! -s "$tarball" ]; then
    rm -rf "$work/download"
    debootstrap --variant=minbase --make-tarball="$tarball.part" bookworm "$work/download" "$mirror" \
        >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
    mv "$tarball.part" "$tarball"
fi
rm -rf "$tree"
debootstrap --variant=minbase --unpack-tarball="$tarball" bookworm "$tree" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
# apt in the tree reaches the network as this machine's does.
cp -L /etc/resolv.conf "$tree/etc/resolv.conf"
rm -f "$tree/etc/apt/sources.list"
echo "made by zccache's tests/fresh_root/run.sh" >"$tree/etc/zccache-fresh-root"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/* /etc/apt/apt.conf.d/*; do
    [ -f "$f" ] && cp "$f" "$tree$f"
done
# The checkout as a clone would have it, plus files not yet committed (ignored ones left out).
mkdir -p "$tree/root/zccache"
git ls-files -z --cached --others --exclude-standard | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
    | tar --null -T - -cf - | tar -xf - -C "$tree/root/zccache"
echo "fresh-root: minimal Debian 12 tree ready in $(($(date +%s) - start)) s"

log=$work/$mode.log
env=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb)
[ "$mode" = test ] && env+=(CI=true)
status=0
unshare --mount --pid --fork --propagation private bash -c '
    set -e
    tree=$1; shift
    mount -t proc proc "$tree/proc"
    mount --rbind /sys "$tree/sys"
    mount --rbind /dev "$tree/dev"
    exec chroot "$tree" /usr/bin/env -i "$@"
' fresh-root "$tree" "${env[@]}" bash -c 'cd /root/zccache && "$@"' fresh-root "${command[@]}" \
    >"$log" 2>&1 || status=$?
echo "fresh-root: $mode ran in $(($(date +%s) - start)) s, exit $status (log: $log)"
if [ $status -ne 0 ]; then
    tail -40 "$log"
    exit 1
fi

if [ "$mode" = demo ]; then
    # The demo's own figures: both builds took real time, the cold one compiled everything
    # (20 compiles and the link), the warm one was hits only, and the program it built runs.
    grep -E '^(cold|warm) build:|sample_app runs|^hits:|^misses:' "$log"
    ok=1
    grep -qE '^cold build: +[0-9]+\.[0-9]{3} s +\(0 hits, 21 misses\)$' "$log" || ok=0
    grep -qE '^warm build: +[0-9]+\.[0-9]{3} s +\(21 hits, 0 misses\)$' "$log" || ok=0
    grep -qE '^(cold|warm) build: +0\.000 s' "$log" && ok=0
    grep -q '^sample_app runs$' "$log" || ok=0
    if [ $ok = 0 ]; then
        echo "fresh-root: the demo's figures are wrong:"; cat "$log"
        exit 1
    fi
else
    tail -15 "$log"
fi
rm -rf "$tree"
echo "fresh-root: $mode passed on a minimal Debian 12"

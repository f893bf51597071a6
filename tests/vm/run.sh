#!/usr/bin/env bash
# tests/vm/run.sh [GUEST_COMMAND...]: runs GUEST_COMMAND (default: tests/vm/guest/suite.sh) as
# root inside Debian's own kernel under qemu, because the host kernel may lack L2TP and PPP
# (docs/datapath.md, "Tests"). Prints the guest's output and exits with the guest
# command's exit code (non-zero if the guest never reported one).
#
# The guest sees the host's / read-only over 9p with a tmpfs overlay on top (so host-built
# binaries run unchanged and writes stay in the guest), starts in the work tree's root, and
# gets CI and every L2TP_* variable of this environment plus L2TP_VM_RESULTS, a folder shared
# back to the host for logs. It has no network device.
#
# Environment:
#   L2TP_VM_CACHE    kernel and initramfs cache (default /var/cache/l2tpd-vm, or
#                    ~/.cache/l2tpd-vm when that is not writable); kept between runs
#   L2TP_VM_TIMEOUT  seconds before the VM is killed (default 900)
#   L2TP_VM_ACCEL    tcg or kvm (default: kvm only where /dev/kvm is usable and the CPU has
#                    vmx/svm, else tcg)
#   L2TP_VM_MEMORY   guest RAM in MiB (default 1024)
#   L2TP_VM_APPEND   more kernel parameters (e.g. loglevel=7 to see the whole boot)
#   L2TP_VM_KERNEL   the guest's kernel: 6.1 (Debian 12's linux-image-amd64) or 6.12 (Debian
#                    13's); default: that of the host's release. A release other than the
#                    host's is looked up with apt lists of its own in the cache.
#   L2TP_VM_ROOT     the guest's root file system: / (default, the host's) or another root,
#                    e.g. the Debian 13 root of .ci/debian13 (.ci/debian13 --root prints it);
#                    the work tree and the kernel's modules are mounted into it at their paths
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
tree=$(cd "$here/../.." && pwd -P)
# shellcheck source=../netns/skip.sh
source "$here/../netns/skip.sh"

say() { echo "vm: $*"; }
die() {
  echo "vm: error: $*" >&2
  exit 1
}

for tool in qemu-system-x86_64 apt-cache apt-get dpkg-deb depmod modprobe busybox timeout flock; do
  command -v "$tool" >/dev/null || skip_test "needs $tool (bash .ci/deps installs it)"
done
busybox_bin=$(command -v busybox)
# The initramfs has no libraries: only busybox-static's busybox runs there.
ldd "$busybox_bin" >/dev/null 2>&1 && skip_test "needs a static busybox (package busybox-static)"

if [ -n "${L2TP_VM_CACHE:-}" ]; then
  cache=$L2TP_VM_CACHE
elif mkdir -p /var/cache/l2tpd-vm 2>/dev/null && [ -w /var/cache/l2tpd-vm ]; then
  cache=/var/cache/l2tpd-vm
else
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/l2tpd-vm
fi
mkdir -p "$cache"
cache=$(cd "$cache" && pwd -P)
case "$cache/" in "$tree"/*) die "the cache ($cache) must be outside the work tree" ;; esac

# The guest mounts fresh /proc /sys /dev /run, which hide the host's; the kernel command line
# cannot carry blanks. Paths the guest needs must avoid both. (/tmp is the host's, seen through
# the overlay: a clone there, as CI may make, works.)
check_guest_path() {
  case "$2/" in
    /proc/* | /sys/* | /dev/* | /run/*)
      die "$1 ($2) is hidden in the guest: move it out of /proc /sys /dev /run" ;;
    *[[:space:]]* | *\"*) die "$1 ($2) must not contain blanks or quotes" ;;
  esac
}
check_guest_path "the work tree" "$tree"
check_guest_path "the cache" "$cache"
guest_root=/
if [ -n "${L2TP_VM_ROOT:-}" ] && [ "$L2TP_VM_ROOT" != / ]; then
  [ -x "$L2TP_VM_ROOT/bin/bash" ] || die "L2TP_VM_ROOT ($L2TP_VM_ROOT) is no root file system with bash"
  guest_root=$(cd "$L2TP_VM_ROOT" && pwd -P)
  check_guest_path "L2TP_VM_ROOT" "$guest_root"
  command -v unshare >/dev/null || skip_test "needs unshare for L2TP_VM_ROOT"
fi
if [ -n "${L2TP_BUILD_DIR:-}" ]; then
  [ -d "$L2TP_BUILD_DIR" ] || die "L2TP_BUILD_DIR ($L2TP_BUILD_DIR) is not a folder"
  check_guest_path "L2TP_BUILD_DIR" "$(cd "$L2TP_BUILD_DIR" && pwd -P)"
fi

# Everything this run creates outside the cache goes on exit, however it ends.
# (A temporary folder renamed into the cache is no longer there to remove.)
tmp_dirs=()
vm_pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [ -n "$vm_pid" ]; then
    kill "$vm_pid" 2>/dev/null || true
    wait "$vm_pid" 2>/dev/null || true
  fi
  [ ${#tmp_dirs[@]} -eq 0 ] || rm -rf "${tmp_dirs[@]}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
t_start=$(now_ms)

# --- kernel ----------------------------------------------------------------------------------
# The release whose linux-image-amd64 the guest boots.
host_release=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
case "${L2TP_VM_KERNEL:-}" in
  "") kernel_release=$host_release ;;
  6.1) kernel_release=bookworm ;;
  6.12) kernel_release=trixie ;;
  *) die "L2TP_VM_KERNEL must be 6.1 or 6.12" ;;
esac
# The host's apt for its own release; for another, a sources list and package lists of its
# own in the cache (the host's /etc/apt stays as it is).
apt_opts=(-q)
# As root, apt would hand the download to user _apt, who cannot write into the cache.
[ "$(id -u)" -ne 0 ] || apt_opts+=(-o APT::Sandbox::User=root)
if [ "$kernel_release" != "$host_release" ]; then
  apt_dir=$cache/apt-$kernel_release
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
  echo "deb ${L2TP_DEBIAN_MIRROR:-http://deb.debian.org/debian} $kernel_release main" >"$apt_dir/sources.list"
  apt_opts+=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::archives=$apt_dir/archives"
    -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
  # Lists a day old may name a kernel the archive no longer has: read them afresh.
  if [ -z "$(find "$apt_dir/updated" -mtime -1 2>/dev/null)" ]; then
    say "apt-get update for $kernel_release's lists in $apt_dir"
    apt-get "${apt_opts[@]}" update -qq >&2 || die "apt-get update of $kernel_release failed (needs network)"
    touch "$apt_dir/updated"
  fi
fi
# The ABI package the meta package currently depends on, e.g. linux-image-6.1.0-57-amd64.
kernel_package() {
  apt-cache "${apt_opts[@]}" depends linux-image-amd64 2>/dev/null |
    awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(kernel_package)
if [ -z "$pkg" ]; then
  say "apt-cache knows no linux-image-amd64 of $kernel_release: apt-get update"
  apt-get "${apt_opts[@]}" update -qq >&2 || die "apt-get update failed (needs root and network)"
  pkg=$(kernel_package)
  [ -n "$pkg" ] || die "no linux-image-amd64 package in the apt sources of $kernel_release"
fi
kver=${pkg#linux-image-}
kdir=$cache/$kver

# Stage 1, /init of the initramfs (busybox sh). It loads the 9p and overlay drivers, mounts the
# host's / read-only with a tmpfs overlay, the guest's own /proc /sys /dev /run, the
# results share and the kernel's modules, then hands PID 1 to the per-run script run.sh writes
# into the results share. Doing the mounts here, with static busybox, is cheaper under
# emulation than doing them with the host's dynamically linked tools.
# shellcheck disable=SC2016 # expanded in the guest
stage1='#!/bin/sh
die() { echo "vm: stage 1: $*"; poweroff -f; }
for m in /lib/modules/*.ko; do insmod "$m" || die "cannot load $m"; done
# -opost: no CR before every LF on the serial console.
stty raw -echo
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host ||
  die "cannot mount the host root"
mount -t tmpfs -o mode=0755 rw /rw && mkdir /rw/upper /rw/work &&
  mount -t overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work root /newroot ||
  die "cannot mount the overlay"
cd /newroot || die "no /newroot"
mount -t proc proc proc && mount -t sysfs sysfs sys && mount -t devtmpfs devtmpfs dev &&
  mkdir -p dev/pts dev/shm dev/net && mount -t devpts devpts dev/pts &&
  ln -s /proc/self/fd dev/fd && ln -s fd/0 dev/stdin && ln -s fd/1 dev/stdout &&
  ln -s fd/2 dev/stderr &&
  mount -t tmpfs -o mode=1777 shm dev/shm && mount -t tmpfs -o mode=0755 run run &&
  mkdir run/l2tp-vm run/lock &&
  mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results run/l2tp-vm &&
  mkdir -p "usr/lib/modules/$L2TPVM_KVER" &&
  mount --bind ".$L2TPVM_MODULES" "usr/lib/modules/$L2TPVM_KVER" || die "cannot mount"
# These nodes appear only once their drivers load; opening them is what loads the drivers.
[ -e dev/ppp ] || mknod dev/ppp c 108 0
[ -e dev/net/tun ] || mknod dev/net/tun c 10 200
exec switch_root /newroot /bin/bash /run/l2tp-vm/init.sh
'
initramfs_modules=(virtio_pci 9pnet_virtio 9p overlay)
initramfs_key=$(printf '%s\n' "$stage1" "${initramfs_modules[@]}" | sha256sum)
initramfs=$kdir/initramfs-${initramfs_key:0:16}.cpio

# newc_node NAME MODE MAJOR MINOR: a cpio (newc) archive holding one device node, so that
# building the initramfs needs neither root nor mknod.
newc_node() {
  printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
    1 "$2" 0 0 1 0 0 0 0 "$3" "$4" $((${#1} + 1)) 0 "$1"
  # Header (110 bytes) plus name is padded to a multiple of 4.
  local pad=$(((4 - (110 + ${#1} + 1) % 4) % 4))
  head -c "$pad" /dev/zero
  printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08XTRAILER!!!\0' \
    0 0 0 0 1 0 0 0 0 0 0 11 0
  head -c 3 /dev/zero
}

# build_initramfs ROOT OUT: busybox, stage 1 and the modules it loads, in load order.
build_initramfs() {
  local root=$1 out=$2 stage n=0 line ko name
  stage=$(mktemp -d "$cache/.initramfs.XXXXXX")
  tmp_dirs+=("$stage")
  mkdir -p "$stage"/{bin,dev,proc,sys,host,rw,newroot,lib/modules}
  cp "$busybox_bin" "$stage/bin/busybox"
  for applet in sh insmod ln mount mkdir mknod stty switch_root poweroff; do
    ln -s busybox "$stage/bin/$applet"
  done
  printf '%s' "$stage1" >"$stage/init"
  chmod 755 "$stage/init"
  # --show-depends prints "insmod PATH" in load order (dependencies first), "builtin NAME"
  # for what needs no loading; a module needed twice is loaded once.
  declare -A seen=()
  while read -r line; do
    case "$line" in
      builtin\ *) continue ;;
      insmod\ *) ko=${line#insmod }; ko=${ko%% *} ;;
      *) die "unexpected modprobe output: $line" ;;
    esac
    [ -z "${seen[$ko]:-}" ] || continue
    seen[$ko]=1
    name=$(printf '%02d-%s' "$n" "$(basename "$ko")")
    n=$((n + 1))
    case "$ko" in
      *.ko) cp "$ko" "$stage/lib/modules/$name" ;;
      *.ko.xz) xz -dc "$ko" >"$stage/lib/modules/${name%.xz}" ;;
      *.ko.zst) zstd -qdc "$ko" >"$stage/lib/modules/${name%.zst}" ;;
      *) die "cannot load $ko in the initramfs" ;;
    esac
  done < <(modprobe -a -d "$root" -S "$kver" --show-depends "${initramfs_modules[@]}")
  {
    (cd "$stage" && find . -mindepth 1 -printf '%P\n' | busybox cpio -o -H newc -R 0:0 2>/dev/null)
    # The kernel opens /dev/console for /init's output before anything can mount devtmpfs.
    newc_node dev/console $((8#020600)) 5 1
  } >"$stage/initramfs.cpio"
  mv "$stage/initramfs.cpio" "$out"
  rm -rf "$stage"
}

# unpack_vmlinux BZIMAGE OUT: the compressed vmlinux the bzImage carries (xz in Debian 12's,
# zstd in Debian 13's), where its boot header says (setup_sects at 0x1f1, payload_offset and
# payload_length at 0x248 and 0x24c: the kernel's Documentation/arch/x86/boot.rst); the
# payload's last 4 octets are the vmlinux's size, for the kernel's own decompressor.
# (No pipes into the decompressor: with pipefail, the writer it stops reading from dies of
# SIGPIPE and fails the pipeline.)
unpack_vmlinux() {
  local setup offset length start magic
  le() { od -An -t u"$2" -j "$1" -N "$2" "$3" | tr -d ' '; }
  setup=$(le $((0x1f1)) 1 "$1")
  [ "$setup" -ne 0 ] || setup=4
  offset=$(le $((0x248)) 4 "$1")
  length=$(($(le $((0x24c)) 4 "$1") - 4))
  start=$(((setup + 1) * 512 + offset + 1))
  magic=$(od -An -tx1 -j $((start - 1)) -N 4 "$1" | tr -d ' ')
  case "$magic" in
    fd377a58) xz -dc <(tail -c +"$start" "$1" | head -c "$length") >"$2" 2>/dev/null ;;
    28b52ffd) zstd -dcq <(tail -c +"$start" "$1" | head -c "$length") >"$2" 2>/dev/null ;;
    *) return 1 ;;
  esac
}

# build_kernel: downloads the package, unpacks it, writes modules.dep and, where it can, the
# uncompressed vmlinux (qemu boots it through PVH, ≈ 3 s faster than the bzImage). It builds in
# a temporary folder renamed into place when complete: a half-written cache is never used.
build_kernel() {
  local tmp deb
  say "fetching $pkg into $cache"
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  tmp_dirs+=("$tmp")
  (cd "$tmp" && apt-get download "${apt_opts[@]}" "$pkg" >/dev/null) || die "apt-get download $pkg failed"
  deb=$(echo "$tmp"/*.deb)
  dpkg-deb -x "$deb" "$tmp/root"
  rm -f "$deb"
  [ -f "$tmp/root/boot/vmlinuz-$kver" ] || die "$pkg has no boot/vmlinuz-$kver"
  # Debian 13's package has its modules in usr/lib/modules (merged /usr), Debian 12's in
  # lib/modules: both are reached as lib/modules (modprobe -d, the guest's mount).
  [ -e "$tmp/root/lib" ] || ln -s usr/lib "$tmp/root/lib"
  [ -d "$tmp/root/lib/modules/$kver" ] || die "$pkg has no lib/modules/$kver"
  # The package ships no modules.dep: modprobe needs it, on the host and in the guest.
  depmod -b "$tmp/root" "$kver"
  # The bzImage wraps a compressed vmlinux (xz in Debian 12's, zstd in Debian 13's); use it if
  # it is an ELF with the PVH entry note (Xen note type 0x12), otherwise boot the bzImage.
  if command -v readelf >/dev/null && unpack_vmlinux "$tmp/root/boot/vmlinuz-$kver" "$tmp/vmlinux" &&
    readelf -n "$tmp/vmlinux" 2>/dev/null | grep 'Xen.*(0x00000012)' >/dev/null; then
    :
  else
    say "no PVH vmlinux in $pkg: booting the bzImage"
    rm -f "$tmp/vmlinux"
  fi
  build_initramfs "$tmp/root" "$tmp/$(basename "$initramfs")"
  chmod 755 "$tmp"
  mv -T "$tmp" "$kdir"
}

# A shared lock while a run uses the cache; an exclusive one to change it.
exec {lock_fd}>"$cache/.lock"
flock -s "$lock_fd"
if [ ! -d "$kdir" ] || [ ! -f "$initramfs" ]; then
  flock -u "$lock_fd"
  flock -n -x "$lock_fd" || { say "waiting for another run to release $cache"; flock -x "$lock_fd"; }
  if [ ! -d "$kdir" ]; then
    build_kernel
    # Older kernels of this series (6.1.0-*, 6.12.*) are ≈ 440 MB each and no longer used.
    for old in "$cache/${kver%%[.-]*}.$(echo "$kver" | cut -d. -f2)"[.-]*-amd64; do
      [ "$old" = "$kdir" ] || [ ! -d "$old/root/boot" ] || rm -rf "$old"
    done
  fi
  if [ ! -f "$initramfs" ]; then
    rm -f "$kdir"/initramfs-*.cpio
    build_initramfs "$kdir/root" "$initramfs"
  fi
  flock -s "$lock_fd"
fi
kernel=$kdir/vmlinux
[ -f "$kernel" ] || kernel=$kdir/root/boot/vmlinuz-$kver
t_ready=$(now_ms)

# --- the run ---------------------------------------------------------------------------------
results=$(mktemp -d "${TMPDIR:-/tmp}/l2tp-vm.XXXXXX")
tmp_dirs+=("$results")
chmod 755 "$results"
[ $# -gt 0 ] || set -- tests/vm/guest/suite.sh

# Stage 2, PID 1 in the guest's root: runs the command in the work tree, records its exit code
# and the guest's uptime, and powers off.
{
  cat <<'EOF'
#!/bin/bash
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb L2TP_VM_RESULTS=/run/l2tp-vm
unset L2TPVM_KVER L2TPVM_MODULES
read -r up _ </proc/uptime; echo "$up" >/run/l2tp-vm/guest-start
echo l2tp-vm >/proc/sys/kernel/hostname
ip link set lo up
EOF
  while read -r var; do
    printf 'export %s=%q\n' "$var" "${!var}"
  done < <(compgen -e | grep -E '^(CI|L2TP_[A-Z0-9_]*)$' | grep -vx L2TP_VM_RESULTS || true)
  printf 'cd %q || exit 1\n' "$tree"
  printf '%q ' "$@"
  # sysrq o powers off at once; should it not, PID 1 ending panics and qemu (-no-reboot) exits.
  # The wait is a read on a pipe nobody writes to, opened beforehand: while the guest powers
  # off, its file systems go away and nothing can be executed any more.
  cat <<'EOF'
</dev/null
echo $? >/run/l2tp-vm/exit-code
read -r up _ </proc/uptime; echo "$up" >/run/l2tp-vm/guest-end
exec {never}<> <(:)
echo o >/proc/sysrq-trigger
read -rt 30 -u "$never"
EOF
} >"$results/init.sh"

accel=${L2TP_VM_ACCEL:-}
if [ -z "$accel" ]; then
  accel=tcg
  if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then accel=kvm; fi
fi
# shellcheck disable=SC2054 # qemu's option values contain commas
case "$accel" in
  # One host thread for both vCPUs: with a thread each (thread=multi), a vCPU may run a stale
  # translation of code the kernel has just patched on the other (a static key flipped by a
  # socket option): an "Oops: int3" in netif_rx_internal on Linux 6.12, seen in CI.
  tcg) accel_opts=(-accel tcg,thread=single -cpu max) ;;
  kvm) accel_opts=(-accel kvm -cpu host) ;;
  *) die "L2TP_VM_ACCEL must be tcg or kvm" ;;
esac
timeout_s=${L2TP_VM_TIMEOUT:-900}

say "kernel $kver ($(basename "$kernel"), $accel); cache ready in $(secs $((t_ready - t_start))) s"
# shellcheck disable=SC2054 # qemu's option values contain commas
qemu=(
  qemu-system-x86_64 -nodefaults -no-user-config -no-reboot -display none
  "${accel_opts[@]}" -machine pc -smp 2 -m "${L2TP_VM_MEMORY:-1024}"
  -kernel "$kernel" -initrd "$initramfs"
  -append "console=ttyS0 quiet panic=-1 mitigations=off ${L2TP_VM_APPEND:-} L2TPVM_KVER=$kver L2TPVM_MODULES=$kdir/root/lib/modules/$kver"
  -chardev stdio,id=console,signal=off -serial chardev:console
  -fsdev "local,id=hostroot,path=$guest_root,security_model=none,readonly=on,multidevs=remap"
  -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
  -fsdev "local,id=results,path=$results,security_model=none"
  -device virtio-9p-pci,fsdev=results,mount_tag=results
)
# In the background so that the traps above can end it; -k: qemu may ignore SIGTERM when stuck.
t_qemu=$(now_ms)
if [ "$guest_root" != / ]; then
  # The work tree and the kernel's modules, mounted into that root at their own paths for the
  # guest, in a mount namespace of qemu's own: they go when qemu does.
  # shellcheck disable=SC2016 # expanded by the inner bash
  qemu=(unshare --mount --propagation private bash -c '
    set -e
    root=$1
    shift 1
    for dir in "$tree" "$kdir"; do
      mkdir -p "$root$dir"
      mount --bind "$dir" "$root$dir"
    done
    exec "$@"' bind_into_root "$guest_root" "${qemu[@]}")
fi
tree=$tree kdir=$kdir timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null &
vm_pid=$!
vm_rc=0
wait "$vm_pid" || vm_rc=$?
vm_pid=
t_end=$(now_ms)

rc=1
if [ -s "$results/exit-code" ]; then
  rc=$(<"$results/exit-code")
  read -r g_start <"$results/guest-start"
  read -r g_end <"$results/guest-end"
  # Boot: the guest kernel's uptime when the command started (qemu's own start-up is not in it).
  say "boot $g_start s, guest command $(awk -v a="$g_start" -v b="$g_end" 'BEGIN { printf "%.1f", b - a }') s," \
    "qemu $(secs $((t_end - t_qemu))) s, total $(secs $((t_end - t_start))) s"
  say "guest command exited $rc"
else
  if [ "$vm_rc" -eq 124 ]; then
    say "timed out after $timeout_s s (L2TP_VM_TIMEOUT)"
  else
    say "qemu exited $vm_rc"
  fi
  say "the guest reported no exit code; total $(secs $((t_end - t_start))) s"
fi
# L2TP_VM_KEEP_LOGS=DIR: every log of the run is copied there (for a look after the fact).
if [ -n "${L2TP_VM_KEEP_LOGS:-}" ]; then
  mkdir -p "$L2TP_VM_KEEP_LOGS" && cp -r "$results/logs/." "$L2TP_VM_KEEP_LOGS/"
fi
# The tests' own logs: those of the tests that failed (the suite lists them) or, when the guest
# never finished, the one written last.
if [ "$rc" -ne 0 ]; then
  logs=()
  if [ -s "$results/failed" ]; then
    # A test's own log, then those of what it started (NAME_*.log: its daemons).
    while read -r name; do
      logs+=("$results/logs/$name.log")
      for log in "$results/logs/${name}"_*.log; do [ ! -e "$log" ] || logs+=("$log"); done
    done <"$results/failed"
  elif [ ! -s "$results/exit-code" ]; then
    newest=
    for log in "$results"/logs/*.log; do
      [ ! -e "$log" ] || { [ -n "$newest" ] && [ ! "$log" -nt "$newest" ]; } || newest=$log
    done
    [ -z "$newest" ] || logs+=("$newest")
  fi
  for log in "${logs[@]}"; do
    echo "--- $(basename "$log" .log) (last 40 lines of its log)"
    tail -n 40 "$log" 2>/dev/null || echo "(no log)"
  done
fi
exit "$rc"

#!/usr/bin/env bash
# A PreIndex cluster of network namespaces on one Linux machine: the multi-host test.
#
# One namespace holds the coordinator and a bridge; each of N workers gets its own namespace, joined to
# the bridge by a veth pair, with an address in 10.77.0.0/24. Every node has its own CURVE key pair
# (`preindex keygen`), so the run takes the secure path a real cluster takes. The script submits a small
# job, takes one worker's link down while the job runs, checks that the job still completes
# (`submit --wait` exits 0) and that the ranking prints, and tears everything down on exit.
#
# Usage:  sudo deploy/local-cluster.sh [WORKERS]        (default 2 workers; needs root and iproute2)
# Environment:
#   PREINDEX      the binary (default: .build/release/preindex, built by `make build`)
#   KEEP_LOGS=1   keep the working folder (logs, keys, state) instead of deleting it
# Exit status: 0 when the job completed and ranked, 1 on failure, 77 when the machine cannot run it
# (not root, or `ip netns` unavailable) — `make test` reports 77 as a skip.
set -euo pipefail

workers=${1:-2}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preindex=${PREINDEX:-$repo/.build/release/preindex}
subnet=10.77.0
tag="pi$$"                  # short: interface names have at most 15 characters
coord_ns="${tag}c"
started=$SECONDS

say() { printf '[local-cluster %3ds] %s\n' "$((SECONDS - started))" "$*"; }
skip() { say "skipped: $*"; exit 77; }

[[ $(id -u) == 0 ]] || skip "needs root (network namespaces)"
command -v ip >/dev/null || skip "needs iproute2 (ip)"
[[ -x $preindex ]] || { say "no binary at $preindex: run 'make build' or set PREINDEX"; exit 1; }
[[ $workers =~ ^[1-9][0-9]?$ ]] && ((workers >= 2)) || { say "WORKERS must be 2…99 (one is cut mid-job), got '$workers'"; exit 1; }
ip netns add "${tag}probe" 2>/dev/null || skip "'ip netns add' does not work here"
ip netns del "${tag}probe"

work=$(mktemp -d /tmp/preindex-local-cluster.XXXXXX)
pids=()
export HOME="$work/home"   # nothing the nodes cache lands in the caller's home
mkdir -p "$HOME"

cleanup() {
    local status=${signalled:-$?}
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    # Anything still running inside this run's namespaces was started by it: deleting a namespace does
    # not stop its processes, so they go first.
    local namespaces=("$coord_ns") ns pid
    for ((i = 1; i <= workers; i++)); do namespaces+=("${tag}w$i"); done
    for ns in "${namespaces[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    done
    for ((i = 1; i <= workers; i++)); do ip netns del "${tag}w$i" 2>/dev/null || true; done
    ip netns del "$coord_ns" 2>/dev/null || true   # deletes the bridge and the veth ends with it
    if ((status != 0)); then
        for log in "$work"/*.log; do [[ -f $log ]] && { echo "--- $log (tail)"; tail -n 20 "$log"; }; done
    fi
    if [[ ${KEEP_LOGS:-0} == 1 ]]; then say "kept $work"; else rm -rf "$work"; fi
    say "torn down (exit $status)"
    exit "$status"
}
trap cleanup EXIT
# A signal trap's `exit N` does not reach the EXIT trap's $? reliably, hence the variable.
trap 'signalled=130; exit 130' INT
trap 'signalled=143; exit 143' TERM

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# Background processes are started with `ip netns exec` itself, never through a function: ip execs the
# command, so $! is the preindex process that cleanup must signal, not a subshell that would leave it behind.

# --- network: coordinator namespace with a bridge, one namespace per worker on a veth pair ---------
say "network: $coord_ns ($subnet.1) + $workers worker namespaces"
ip netns add "$coord_ns"
in_ns "$coord_ns" ip link set lo up
in_ns "$coord_ns" ip link add br0 type bridge
in_ns "$coord_ns" ip addr add "$subnet.1/24" dev br0
in_ns "$coord_ns" ip link set br0 up
for ((i = 1; i <= workers; i++)); do
    ns="${tag}w$i"
    ip netns add "$ns"
    in_ns "$ns" ip link set lo up
    # The pair is created inside the worker's namespace, and one end is moved to the coordinator's.
    in_ns "$ns" ip link add eth0 type veth peer name "w$i" netns "$coord_ns"
    in_ns "$ns" ip addr add "$subnet.$((10 + i))/24" dev eth0
    in_ns "$ns" ip link set eth0 up
    in_ns "$coord_ns" ip link set "w$i" master br0
    in_ns "$coord_ns" ip link set "w$i" up
done

# --- keys: one pair per node; the coordinator lets in exactly the workers and the client -------------
keys="$work/keys"
mkdir -p "$keys"
for name in coordinator client $(for ((i = 1; i <= workers; i++)); do echo "worker$i"; done); do
    "$preindex" keygen "$name" --directory "$keys" >/dev/null
done
cat "$keys"/worker*.pub "$keys"/client.pub >"$keys/authorized_keys"
client_auth=(--key "$keys/client" --server-key "$keys/coordinator.pub")

# --- processes -----------------------------------------------------------------------------------------
say "coordinator on tcp://$subnet.1:5555 (workers) and :5556 (clients), CURVE"
ip netns exec "$coord_ns" "$preindex" coordinator --workers "tcp://$subnet.1:5555" --clients "tcp://$subnet.1:5556" \
    --db "$work/state.sqlite" --key "$keys/coordinator" --authorized-keys "$keys/authorized_keys" \
    --threads 1 >"$work/coordinator.log" 2>&1 &
pids+=($!)
# Each worker namespace must reach the coordinator's port across the bridge before the workers start.
for ((i = 1; i <= workers; i++)); do
    in_ns "${tag}w$i" timeout 10 bash -c "until (echo >/dev/tcp/$subnet.1/5555) 2>/dev/null; do sleep 0.2; done" ||
        { say "worker namespace $i cannot reach $subnet.1:5555"; exit 1; }
done
for ((i = 1; i <= workers; i++)); do
    ip netns exec "${tag}w$i" "$preindex" worker --connect "tcp://$subnet.1:5555" --threads 1 \
        --region "$([[ $((i % 2)) == 1 ]] && echo FRA || echo DEU)" --node "worker$i" --cache "$work/cache$i" \
        --energy-method cpu-model --drain-seconds 5 \
        --key "$keys/worker$i" --server-key "$keys/coordinator.pub" >"$work/worker$i.log" 2>&1 &
    pids+=($!)
done

cat >"$work/job.json" <<'JSON'
{
  "name": "local-cluster",
  "dataset": "builtin:shapes?train=2000&test=500",
  "models": [{"arch": "cnn", "train": {"epochs": 1, "seed": 0}}],
  "shifts": [{"type": "gaussian", "levels": [0.1, 0.2]}, {"type": "blur", "levels": [1, 2]},
             {"type": "salt-pepper", "levels": [0.02, 0.05]}, {"type": "contrast", "levels": [-0.3, 0.3]},
             {"type": "brightness", "levels": [-0.2, 0.2]}, {"type": "shot", "levels": [1, 2]}],
  "measure": {"samples": 1000}
}
JSON

# --- the job, with worker 1's link cut while it runs --------------------------------------------------
# The job is one train task, then a measure task per shift type, which the workers share: the
# link is cut once the model is trained and a measure task runs, so worker 1 is cut off holding a lease
# (or just idle, when worker 2 was faster) and the coordinator must hand its work to the others.
client=(--connect "tcp://$subnet.1:5556" "${client_auth[@]}")
say "submitting the job"
ip netns exec "$coord_ns" "$preindex" submit "$work/job.json" --wait "${client[@]}" >"$work/submit.out" 2>"$work/submit.log" &
submit_pid=$!
pids+=("$submit_pid")
cut=0
for _ in $(seq 600); do
    kill -0 "$submit_pid" 2>/dev/null || break
    progress=$(in_ns "$coord_ns" "$preindex" status 1 --json "${client[@]}" 2>/dev/null || true)
    if grep -Eq '"done" *: *[1-9]' <<<"$progress" && grep -Eq '"running" *: *[1-9]' <<<"$progress"; then
        say "model trained, measuring: cutting worker1's link (w1 down in $coord_ns)"
        in_ns "$coord_ns" ip link set w1 down
        cut=1
        break
    fi
    sleep 0.1
done
((cut)) || { say "FAIL: the job ended before worker1's link could be cut mid-job; make the job larger"; exit 1; }
if ! wait "$submit_pid"; then
    say "FAIL: submit --wait did not succeed"
    exit 1
fi
# The log line reads "… node=worker1 released=N [Cluster] Worker left: it missed 3 heartbeats …".
left=$(grep -E 'node=worker1 .*Worker left' "$work/coordinator.log" | head -n 1 || true)
[[ -n $left ]] || { say "FAIL: the coordinator never noticed that worker1 was cut off"; exit 1; }
say "job completed; the coordinator dropped worker1 ($(grep -Eo 'released=[0-9]+' <<<"$left") leases back in the queue)"
job=$(tail -n 1 "$work/submit.out")
[[ $job =~ ^[0-9]+$ ]] || { say "FAIL: submit printed '$job', not a job id"; exit 1; }

# --- the ranking, from a client in a worker's namespace (it crosses the bridge) ----------------------
in_ns "${tag}w2" "$preindex" ranking "$job" --format csv "${client[@]}" >"$work/ranking.csv" 2>"$work/ranking.log" || { say "FAIL: ranking $job did not answer"; exit 1; }
rows=$(($(grep -c . "$work/ranking.csv") - 1))
((rows == 12)) || { say "FAIL: the ranking has $rows rows, expected 12 (6 shift types × 2 levels)"; cat "$work/ranking.csv"; exit 1; }
head -n 6 "$work/ranking.csv"
say "PASS: job $job ranked ($rows rows) across $workers namespaces, one link cut mid-job"
